package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.param.checkout.SessionCreateParams;
import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import dev.plinth.testkit.stripe.Fixtures;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Typed payment events end to end: the simulator sends Stripe's events, the host translates them
 * and the probe's listener writes down what it received, which the test reads back.
 */
class PaymentEventsIT extends ProbePaymentsBase {

  @Test
  void aPaidCheckoutReachesTheListenerWithItsFactsOnce() throws Exception {
    TestTenant t = stripeTenant("probe");
    String reference = "paid-" + UUID.randomUUID();
    String sessionId = checkout(t, reference, 4200).getString("sessionId");
    sim.pay(sessionId, Delivery.normal().copies(3).concurrently());

    JsonObject f = facts(await(t, "CheckoutPaid"));
    assertThat(f.getString("reference")).isEqualTo(reference);
    assertThat(f.getString("checkoutSessionId")).isEqualTo(sessionId);
    assertThat(f.getString("paymentIntentId"))
        .isEqualTo(sim.object(sessionId).orElseThrow().get("payment_intent"));
    assertThat(f.getString("email")).isEqualTo("buyer@example.com");
    assertThat(amount(f.getJsonObject("amount"))).isEqualTo(4200);
    assertThat(f.getJsonObject("amount").getString("currency")).isEqualTo("usd");
    assertThat(f.getString("eventId")).startsWith("evt_");
    // the vertical's own metadata, without Plinth's marks
    assertThat(f.getJsonObject("metadata")).containsOnlyKeys("probe");
    assertThat(sim.awaitDeliveries(java.time.Duration.ofSeconds(30))).isTrue();
    // three copies of each event: one delivery to the listener
    assertThat(received(t)).extracting(e -> e.getString("kind")).containsExactly("CheckoutPaid");
  }

  @Test
  void anExpiredAndAFailedDelayedCheckoutHaveTheirOwnEvents() throws Exception {
    TestTenant t = stripeTenant("probe");
    String expiring = "exp-" + UUID.randomUUID();
    sim.expire(checkout(t, expiring, 900).getString("sessionId"), Delivery.normal());
    assertThat(await(t, "CheckoutExpired").getJsonObject("facts").getString("reference"))
        .isEqualTo(expiring);

    String late = "late-" + UUID.randomUUID();
    String sessionId = checkout(t, late, 700).getString("sessionId");
    sim.payLater(sessionId, Delivery.normal());
    assertThat(facts(await(t, "CheckoutAwaitingPayment")).getString("reference")).isEqualTo(late);
    sim.settle(sessionId, false, Delivery.normal());
    assertThat(facts(await(t, "CheckoutPaymentFailed")).getString("checkoutSessionId"))
        .isEqualTo(sessionId);
    assertThat(received(t)).noneMatch(e -> e.getString("kind").equals("CheckoutPaid"));
  }

  @Test
  void partialAndFullRefundsReachTheListenerWithTheCheckoutsReference() throws Exception {
    TestTenant t = stripeTenant("probe");
    String reference = "refund-" + UUID.randomUUID();
    String sessionId = checkout(t, reference, 5000).getString("sessionId");
    sim.pay(sessionId);
    await(t, "CheckoutPaid");
    String path = "api/t/" + t.slug() + "/payments/" + firstPayment(t) + "/refund";
    assertThat(client.post(path, t.apiKey(), "{\"amount\":2000}").status()).isEqualTo(201);

    JsonObject partial = await(t, "PaymentRefunded");
    assertThat(partial.getBoolean("full")).isFalse();
    assertThat(amount(partial.getJsonObject("refunded"))).isEqualTo(2000);
    assertThat(amount(facts(partial).getJsonObject("amount"))).isEqualTo(5000);
    assertThat(facts(partial).getString("reference")).isEqualTo(reference);
    assertThat(facts(partial).getString("checkoutSessionId")).isEqualTo(sessionId);

    assertThat(client.post(path, t.apiKey(), "").status()).isEqualTo(201);
    JsonObject full = await(t, "PaymentRefunded", 2);
    assertThat(full.getBoolean("full")).isTrue();
    assertThat(amount(full.getJsonObject("refunded"))).isEqualTo(5000);
    assertThat(facts(full).getString("reference")).isEqualTo(reference);
  }

  /** An event of {@code type} about {@code object}, shaped as Stripe's own example event. */
  static Map<String, Object> event(String type, Map<String, Object> object) {
    Map<String, Object> e = Fixtures.of("event");
    e.put("id", WebhookIntakeIT.newEventId());
    e.put("type", type);
    e.put("created", WebhookIntakeIT.now());
    e.put("account", null);
    e.put("data", new java.util.LinkedHashMap<>(Map.of("object", object)));
    return e;
  }

  @Test
  void disputesAndUnmarkedRefundsFindTheirCheckoutThroughTheHostsRecords() throws Exception {
    // a tenant whose deliveries the test makes itself, from what the simulator says happened
    TestTenant t = client.onboard(ADMIN, "probe");
    String reference = "dispute-" + UUID.randomUUID();
    String sessionId = checkout(t, reference, 3000).getString("sessionId");
    for (Map<String, Object> e : sim.pay(sessionId, Delivery.none())) {
      deliverByHand(t, e);
    }
    await(t, "CheckoutPaid");
    String pi = (String) sim.object(sessionId).orElseThrow().get("payment_intent");
    String chargeId = (String) sim.object(pi).orElseThrow().get("latest_charge");

    // a dispute names the payment, and carries none of the checkout's metadata
    Map<String, Object> dispute = Fixtures.of("dispute");
    dispute.put("id", "dp_1" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    dispute.put("charge", chargeId);
    dispute.put("payment_intent", pi);
    dispute.put("amount", 3000L);
    dispute.put("reason", "fraudulent");
    dispute.put("status", "needs_response");
    deliverByHand(t, event("charge.dispute.created", dispute));
    JsonObject opened = await(t, "DisputeOpened");
    assertThat(facts(opened).getString("reference")).isEqualTo(reference);
    assertThat(facts(opened).getString("checkoutSessionId")).isEqualTo(sessionId);
    assertThat(opened.getString("reason")).isEqualTo("fraudulent");
    assertThat(amount(facts(opened).getJsonObject("amount"))).isEqualTo(3000);
    dispute.put("status", "lost");
    deliverByHand(t, event("charge.dispute.closed", dispute));
    JsonObject closed = await(t, "DisputeClosed");
    assertThat(closed.getBoolean("won")).isFalse();
    assertThat(closed.getString("disputeId")).isEqualTo(dispute.get("id"));

    // a refund of a charge without Plinth's marks (a checkout made before they were set)
    Map<String, Object> charge = sim.object(chargeId).orElseThrow();
    charge.put("metadata", new java.util.LinkedHashMap<>());
    charge.put("amount_refunded", 3000L);
    charge.put("refunded", true);
    deliverByHand(t, event("charge.refunded", charge));
    JsonObject refunded = await(t, "PaymentRefunded");
    assertThat(facts(refunded).getString("reference")).isEqualTo(reference);
    assertThat(refunded.getBoolean("full")).isTrue();
  }

  @Test
  void aCheckoutThatIsNoneOfTheVerticalsIsNotDelivered() throws Exception {
    TestTenant t = stripeTenant("probe");
    StripeClient stripe =
        StripeClient.builder()
            .setApiKey(PlinthClient.keyOf(t.slug()))
            .setApiBase(sim.baseUrl())
            .build();
    // one made on the tenant's account by another program, one marked for another vertical
    String foreign = directSession(stripe, null);
    String other = directSession(stripe, "campaigns");
    sim.pay(foreign);
    sim.pay(other);
    // the raw handler sees every session; the listener only the vertical's own
    Poll.until(
        () -> notes(t),
        n -> n.contains("paid " + foreign) && n.contains("paid " + other),
        "both processed");
    String mine = checkout(t, "mine-" + UUID.randomUUID(), 100).getString("sessionId");
    sim.pay(mine);
    assertThat(facts(await(t, "CheckoutPaid")).getString("checkoutSessionId")).isEqualTo(mine);
    assertThat(received(t)).hasSize(1);
  }

  static String directSession(StripeClient stripe, String vertical) throws Exception {
    SessionCreateParams.Builder b =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://elsewhere.example/ok")
            .setClientReferenceId("theirs")
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency("usd")
                            .setUnitAmount(500L)
                            .setProductData(
                                SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName("Theirs")
                                    .build())
                            .build())
                    .build());
    if (vertical != null) {
      b.putMetadata("plinth_vertical", vertical).putMetadata("plinth_reference", "r-1");
    }
    return stripe.v1().checkout().sessions().create(b.build()).getId();
  }
}
