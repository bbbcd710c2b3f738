package dev.plinth.it;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.it.PlinthIt;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The platform's own integration tests: {@link PlinthIt} (one shared server, the simulator, the
 * helpers every vertical's tests have) plus what only the platform's tests need.
 */
abstract class ItBase extends PlinthIt {

  /** A tenant of {@code vertical} whose webhook endpoint Plinth registered with the simulator. */
  TestTenant stripeTenant(String vertical) {
    return onboard(vertical);
  }

  /** The id of the tenant's first payment, once it is recorded. */
  String firstPayment(TestTenant t) {
    return dev.plinth.testkit.Poll.until(
            () ->
                client
                    .get("api/t/" + t.slug() + "/payments", t.apiKey())
                    .json()
                    .getJsonArray("payments"),
            p -> !p.isEmpty(),
            "the payment")
        .getJsonObject(0)
        .getString("id");
  }

  /** The tenant refunds its first payment in full, through Stripe, once it is recorded. */
  void refundInFull(TestTenant t) {
    PlinthClient.Reply refund =
        client.post(
            "api/t/" + t.slug() + "/payments/" + firstPayment(t) + "/refund", t.apiKey(), "");
    org.assertj.core.api.Assertions.assertThat(refund.status()).as(refund.body()).isEqualTo(201);
  }

  /**
   * Refunds a payment in full directly at Stripe (as from Stripe's dashboard), and waits until
   * Plinth has processed the refund's event.
   */
  void refundAtStripe(TestTenant t, String paymentIntentId) throws Exception {
    refundAtStripe(t, paymentIntentId, null);
    dev.plinth.testkit.Poll.until(
        () ->
            Db.ownerQuery(
                "SELECT status FROM core.payments WHERE payment_intent_id = ?", paymentIntentId),
        "refunded"::equals,
        "the refund recorded");
  }

  /** Refunds {@code amount} of a payment (all that is left when null) directly at Stripe. */
  void refundAtStripe(TestTenant t, String paymentIntentId, Long amount) throws Exception {
    com.stripe.StripeClient.builder()
        .setApiKey(PlinthClient.keyOf(t.slug()))
        .setApiBase(sim.baseUrl())
        .build()
        .v1()
        .refunds()
        .create(
            com.stripe.param.RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(amount)
                .build());
  }

  /** Delivers an event signed with the tenant's own secret, as Stripe would. */
  void deliverByHand(TestTenant t, Map<String, Object> event) {
    PlinthClient.Reply r =
        WebhookIntakeIT.deliverSigned(base, t, dev.plinth.testkit.stripe.Jsons.write(event));
    org.assertj.core.api.Assertions.assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** A dispute of {@code amount} on the payment of a paid checkout session, still open. */
  Map<String, Object> dispute(String session, long amount) {
    String pi = (String) sim.object(session).orElseThrow().get("payment_intent");
    Map<String, Object> d = dev.plinth.testkit.stripe.Fixtures.of("dispute");
    d.put("id", "dp_1" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    d.put("charge", sim.object(pi).orElseThrow().get("latest_charge"));
    d.put("payment_intent", pi);
    d.put("amount", amount);
    d.put("reason", "fraudulent");
    d.put("status", "needs_response");
    return d;
  }

  /** The probe vertical's notes of a tenant: its handlers' visible effects. */
  List<String> notes(TestTenant t) {
    return client
        .get("api/t/" + t.slug() + "/probe/notes", t.apiKey())
        .json()
        .getJsonArray("notes")
        .stream()
        .map(n -> n.asJsonObject().getString("body"))
        .toList();
  }

  /**
   * Waits until the admin webhook list shows the tenant's event (by its Stripe id) and {@code done}
   * holds for that item; answers the item.
   */
  JsonObject awaitEvent(TestTenant t, String eventId, Predicate<JsonObject> done) {
    return Poll.until(
        Duration.ofSeconds(30),
        () ->
            client
                .get("api/admin/webhooks?tenant=" + t.slug(), ADMIN)
                .json()
                .getJsonArray("events")
                .stream()
                .map(v -> v.asJsonObject())
                .filter(e -> e.getString("eventId").equals(eventId))
                .findFirst()
                .orElse(null),
        done,
        "event " + eventId);
  }
}
