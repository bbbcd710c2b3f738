package dev.plinth.it;

import static dev.plinth.it.TenantApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions through the billing service and stripe-java against the simulator: a subscription
 * checkout, its typed events (with the period read from its item), a price change, cancellation at
 * the period's end and at once, renewals paid and failed, and the customer's billing portal.
 */
class SubscriptionsIT extends ProbePaymentsBase {

  String api(TestTenant t, String path) {
    return "api/t/" + t.slug() + "/probe/" + path;
  }

  Reply post(TestTenant t, String path, String body) {
    return client.post(api(t, path), t.apiKey(), body);
  }

  String price(TestTenant t, String lookupKey, long amount) {
    return ok(post(
            t,
            "prices",
            "{\"lookupKey\":\""
                + lookupKey
                + "\",\"productName\":\"Pro\",\"amount\":"
                + amount
                + ",\"currency\":\"usd\",\"interval\":\"month\"}"))
        .getString("priceId");
  }

  /** A paid subscription of the probe: its id. */
  String subscribe(TestTenant t, String reference, String priceId) {
    String sessionId =
        checkout(t, reference, "\"mode\":\"subscription\",\"priceId\":\"" + priceId + "\"")
            .getString("sessionId");
    sim.pay(sessionId);
    String id = (String) sim.object(sessionId).orElseThrow().get("subscription");
    assertThat(id).startsWith("sub_");
    return id;
  }

  /** The subscription events received, as their subscriptions. */
  List<JsonObject> changes(TestTenant t) {
    return received(t).stream()
        .filter(e -> e.getString("kind").equals("SubscriptionChanged"))
        .map(e -> e.getJsonObject("event").getJsonObject("subscription"))
        .toList();
  }

  JsonObject awaitChange(TestTenant t, String what, java.util.function.Predicate<JsonObject> p) {
    return Poll.until(
        () -> changes(t).stream().filter(p).findFirst().orElse(null), c -> c != null, what);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> item(Map<String, Object> subscription) {
    return (Map<String, Object>)
        ((List<Object>) ((Map<String, Object>) subscription.get("items")).get("data")).get(0);
  }

  static String epoch(Object seconds) {
    return Instant.ofEpochSecond(((Number) seconds).longValue()).toString();
  }

  @Test
  void aSubscriptionCheckoutStartsASubscriptionWhoseEventsCarryTheReference() throws Exception {
    TestTenant t = stripeTenant("probe");
    String key = "probe-pro-" + UUID.randomUUID();
    String price = price(t, key, 4900);
    // the same lookup key gives the same price
    assertThat(price(t, key, 4900)).isEqualTo(price);
    assertThat(stripeRequests(t, "POST", "/v1/prices")).isEqualTo(1);
    String reference = "plan-" + UUID.randomUUID();
    String sub = subscribe(t, reference, price);

    JsonObject paid = await(t, "CheckoutPaid");
    assertThat(paid.getString("subscriptionId")).isEqualTo(sub);
    assertThat(facts(paid).getString("reference")).isEqualTo(reference);

    Map<String, Object> item = item(sim.object(sub).orElseThrow());
    JsonObject active = awaitChange(t, "active", c -> c.getString("status").equals("active"));
    assertThat(active.getString("id")).isEqualTo(sub);
    assertThat(active.getString("reference")).isEqualTo(reference);
    assertThat(active.getString("priceId")).isEqualTo(price);
    assertThat(active.getString("currentPeriodStart"))
        .isEqualTo(epoch(item.get("current_period_start")));
    assertThat(active.getString("currentPeriodEnd"))
        .isEqualTo(epoch(item.get("current_period_end")));

    JsonObject invoice = await(t, "InvoicePaid");
    assertThat(invoice.getString("subscriptionId")).isEqualTo(sub);
    assertThat(facts(invoice).getString("reference")).isEqualTo(reference);
    assertThat(amount(facts(invoice).getJsonObject("amount"))).isEqualTo(4900);

    JsonObject read = ok(client.get(api(t, "subscriptions/" + sub), t.apiKey()));
    assertThat(read.getString("reference")).isEqualTo(reference);
    assertThat(read.getString("status")).isEqualTo("active");
    assertThat(read.getString("currentPeriodEnd")).isEqualTo(active.getString("currentPeriodEnd"));
    assertThat(read.getJsonObject("metadata")).containsOnlyKeys("probe");

    // none of the vertical's: an id Stripe does not know, a malformed one
    assertError(
        client.get(api(t, "subscriptions/sub_1nosuch"), t.apiKey()), 404, "not_found", null);
    assertError(client.get(api(t, "subscriptions/in_1"), t.apiKey()), 404, "not_found", null);
  }

  @Test
  void aPriceChangeACancellationAndRenewalsReachTheListener() throws Exception {
    TestTenant t = stripeTenant("probe");
    String basic = price(t, "probe-basic-" + UUID.randomUUID(), 2000);
    String pro = price(t, "probe-pro-" + UUID.randomUUID(), 5000);
    String reference = "plan-" + UUID.randomUUID();
    String sub = subscribe(t, reference, basic);
    await(t, "InvoicePaid");

    JsonObject moved =
        ok(post(t, "subscriptions/" + sub + "/price", "{\"priceId\":\"" + pro + "\"}"));
    assertThat(moved.getString("priceId")).isEqualTo(pro);
    assertThat(item(sim.object(sub).orElseThrow()).get("price").toString()).contains(pro);
    awaitChange(t, "moved to pro", c -> c.getString("priceId").equals(pro));

    JsonObject ending = ok(post(t, "subscriptions/" + sub + "/cancel", "{\"atPeriodEnd\":true}"));
    assertThat(ending.getBoolean("cancelAtPeriodEnd")).isTrue();
    awaitChange(t, "set to end", c -> c.getBoolean("cancelAtPeriodEnd"));
    JsonObject resumed = ok(post(t, "subscriptions/" + sub + "/resume", "{}"));
    assertThat(resumed.getBoolean("cancelAtPeriodEnd")).isFalse();
    assertThat(sim.object(sub).orElseThrow().get("cancel_at_period_end")).isEqualTo(false);

    // the period ends: the renewal is paid, and the period moves on
    String end = resumed.getString("currentPeriodEnd");
    sim.advanceSubscription(sub);
    JsonObject renewal = await(t, "InvoicePaid", 2);
    assertThat(renewal.getString("subscriptionId")).isEqualTo(sub);
    assertThat(facts(renewal).getString("reference")).isEqualTo(reference);
    awaitChange(t, "renewed", c -> c.getString("currentPeriodStart").equals(end));

    // the next renewal is declined
    sim.failRenewal(sub);
    JsonObject failed = await(t, "InvoicePaymentFailed");
    assertThat(failed.getString("subscriptionId")).isEqualTo(sub);
    assertThat(failed.getInt("attemptCount")).isPositive();
    assertThat(facts(failed).getString("reference")).isEqualTo(reference);
    awaitChange(t, "past due", c -> c.getString("status").equals("past_due"));

    JsonObject cancelled =
        ok(post(t, "subscriptions/" + sub + "/cancel", "{\"atPeriodEnd\":false}"));
    assertThat(cancelled.getString("status")).isEqualTo("canceled");
    awaitChange(t, "canceled", c -> c.getString("status").equals("canceled"));
  }

  @Test
  void aKnownCustomerOpensTheBillingPortalAndChecksOutAgain() throws Exception {
    TestTenant t = stripeTenant("probe");
    String sub = subscribe(t, "plan-" + UUID.randomUUID(), price(t, "p-" + UUID.randomUUID(), 900));
    String customer = facts(await(t, "CheckoutPaid")).getString("customerId");
    assertThat(customer).startsWith("cus_");
    assertThat(sim.object(sub).orElseThrow().get("customer")).isEqualTo(customer);
    // the customer was recorded from the checkout's own event, before the listener heard of it
    JsonObject portal =
        ok(post(t, "portal", portal(customer, "http://localhost:19080/t/" + t.slug())));
    assertThat(portal.getString("url")).startsWith(sim.baseUrl());

    assertError(
        post(t, "portal", portal(customer, "https://evil.example/back")),
        400,
        "invalid_request",
        "returnUrl");
    assertError(
        post(t, "portal", portal("cus_nobodyknows", "http://localhost:19080/t/" + t.slug())),
        404,
        "not_found",
        null);

    // a second checkout for the same customer names them, and sends no email beside
    String again =
        checkout(
                t,
                "again-" + UUID.randomUUID(),
                "\"amount\":300,\"customerId\":\"" + customer + "\"")
            .getString("sessionId");
    Map<String, Object> session = sim.object(again).orElseThrow();
    assertThat(session.get("customer")).isEqualTo(customer);
    assertThat(session.get("customer_email")).isNull();
    // a customer the tenant's records do not know is refused before Stripe is asked
    Reply unknown =
        client.post(
            api(t, "checkout"),
            null,
            "{\"reference\":\"x\",\"amount\":300,\"customerId\":\"cus_nobodyknows\"}");
    assertError(unknown, 404, "not_found", null);
  }

  static String portal(String customer, String returnUrl) {
    return "{\"customerId\":\"" + customer + "\",\"returnUrl\":\"" + returnUrl + "\"}";
  }
}
