package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.it.SimulatedStripe;
import dev.plinth.testkit.stripe.Delivery;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Money end to end, with Plinth talking to the Stripe simulator through stripe-java: a vertical
 * creates a checkout, the customer pays on the hosted page, the simulator delivers the signed
 * events to the URL Plinth registered, and the core and the vertical record them once. Refunds,
 * expiry, reconciliation and Connect go the same way.
 */
class StripeFlowIT extends ItBase {

  /** A probe tenant whose webhook endpoint is registered with the simulator by Plinth itself. */
  TestTenant tenant() {
    TestTenant t = stripeTenant("probe");
    assertThat(t.json().getString("webhookUrl"))
        .isEqualTo(
            "http://localhost:" + PlinthDeployment.httpPort() + "/api/webhooks/stripe/" + t.slug());
    return t;
  }

  JsonObject checkout(TestTenant t, String reference, long amount) {
    Reply r =
        client.post(
            "api/t/" + t.slug() + "/probe/checkout",
            null,
            "{\"reference\":\""
                + reference
                + "\",\"amount\":"
                + amount
                + ",\"email\":\"buyer@example.com\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  /** One of the tenant's lists, such as its payments or its webhook events. */
  List<JsonObject> list(TestTenant t, String what, String field) {
    return client
        .get("api/t/" + t.slug() + "/" + what, t.apiKey())
        .json()
        .getJsonArray(field)
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  /** The tenant's webhook events, once all {@code n} of them are processed. */
  List<JsonObject> processed(TestTenant t, int n) {
    return Poll.until(
        () -> list(t, "webhooks", "events"),
        l -> l.size() == n && l.stream().allMatch(e -> done(e.getString("status"))),
        n + " events, each once, processed");
  }

  JsonObject payment(TestTenant t, String expectedStatus) {
    return Poll.until(
        () ->
            list(t, "payments", "payments").stream()
                .filter(p -> p.getString("status").equals(expectedStatus))
                .findFirst()
                .orElse(null),
        p -> p != null,
        "a payment " + expectedStatus);
  }

  /** Processed: completed, or skipped where nobody handles the type (charge.succeeded). */
  static boolean done(String status) {
    return status.equals("completed") || status.equals("skipped");
  }

  /** Waits until Plinth has recorded the session as {@code status/payment_status}. */
  static void awaitSession(String sessionId, String statusAndPayment) {
    Poll.until(
        () -> sessionStatus(sessionId), statusAndPayment::equals, "session " + statusAndPayment);
  }

  static String sessionStatus(String sessionId) throws Exception {
    return Db.ownerQuery(
        "SELECT status || '/' || coalesce(payment_status, '-') FROM core.checkout_sessions"
            + " WHERE stripe_session_id = ?",
        sessionId);
  }

  static long sessionsCreatedBy(StripeSimulator sim, String account) {
    return sim.count(
        r ->
            account.equals(r.account()) || account.equals(r.stripeAccount())
                ? r.method().equals("POST")
                    && r.path().equals("/v1/checkout/sessions")
                    && r.status() == 200
                    && !r.replayed()
                : false);
  }

  @Test
  void aCustomerPaysOnTheHostedPageAndEveryPartRecordsItOnce() throws Exception {
    TestTenant t = tenant();
    String key = PlinthClient.keyOf(t.slug());
    String reference = "order-" + UUID.randomUUID();
    JsonObject s = checkout(t, reference, 4200);
    String sessionId = s.getString("sessionId");
    assertThat(s.getString("url")).isEqualTo(sim.baseUrl() + "/pay/" + sessionId);

    // a retried create (same operation, same parameters) gets the same session, not a second one
    assertThat(checkout(t, reference, 4200).getString("sessionId")).isEqualTo(sessionId);
    assertThat(sessionsCreatedBy(sim, StripeSimulator.accountOf(key))).isEqualTo(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        (Map<String, Object>) sim.object(sessionId).orElseThrow().get("metadata");
    assertThat(metadata)
        .containsEntry("plinth_tenant", t.slug())
        .containsEntry("plinth_vertical", "probe")
        .containsEntry("plinth_reference", reference)
        .containsEntry("probe", "yes");
    assertThat(sessionStatus(sessionId)).isEqualTo("open/unpaid");

    // the customer pays on the hosted page and is sent to the success URL
    HttpResponse<String> paid =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(s.getString("url")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("action=pay&name=Mike"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(paid.statusCode()).isEqualTo(303);
    assertThat(paid.headers().firstValue("Location"))
        .contains("http://localhost:19080/probe/success?session_id=" + sessionId);

    Poll.until(() -> notes(t), n -> n.contains("paid " + sessionId), "the vertical's effect");
    Poll.until(() -> sessionStatus(sessionId), "complete/paid"::equals, "the session recorded");
    JsonObject p = payment(t, "succeeded");
    assertThat(p.getJsonNumber("amount").longValue()).isEqualTo(4200);
    assertThat(p.getString("checkoutSessionId")).isEqualTo(sessionId);
    assertThat(processed(t, 3))
        .extracting(e -> e.getString("type"))
        .containsExactlyInAnyOrder(
            "charge.succeeded", "payment_intent.succeeded", "checkout.session.completed");
    assertThat(notes(t)).filteredOn(n -> n.startsWith("paid ")).hasSize(1);
  }

  @Test
  void duplicatedConcurrentAndReorderedDeliveriesHaveOneEffect() throws Exception {
    TestTenant t = tenant();
    String sessionId = checkout(t, "dup-" + UUID.randomUUID(), 1000).getString("sessionId");
    sim.pay(sessionId, Delivery.normal().copies(10).concurrently().reversed());
    Poll.until(() -> notes(t), n -> n.contains("paid " + sessionId), "the vertical's effect");
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(30))).isTrue();
    processed(t, 3);
    assertThat(notes(t)).filteredOn(n -> n.startsWith("paid ")).hasSize(1);
    assertThat(payment(t, "succeeded").getJsonNumber("amount").longValue()).isEqualTo(1000);
    // 30 sends, each taken on its first try (a refused one would have been retried)
    assertThat(sim.attempts().stream().filter(a -> a.url().endsWith("/" + t.slug())))
        .hasSize(30)
        .allMatch(a -> a.attempt() == 1 && a.status() == 200);
  }

  @Test
  void refundsGoThroughStripeAndComeBackAsEvents() throws Exception {
    TestTenant t = tenant();
    String sessionId = checkout(t, "refund-" + UUID.randomUUID(), 5000).getString("sessionId");
    sim.pay(sessionId);
    String paymentId = payment(t, "succeeded").getString("id");
    String path = "api/t/" + t.slug() + "/payments/" + paymentId + "/refund";

    Reply part = client.post(path, t.apiKey(), "{\"amount\":2000}");
    assertThat(part.status()).as(part.body()).isEqualTo(201);
    assertThat(part.json().getString("refundId")).startsWith("re_");
    assertThat(part.json().getJsonNumber("amount").longValue()).isEqualTo(2000);
    JsonObject partly = payment(t, "partially_refunded");
    assertThat(partly.getJsonNumber("amountRefunded").longValue()).isEqualTo(2000);

    assertError(
        client.post(path, t.apiKey(), "{\"amount\":4000}"), 400, "invalid_request", "amount");
    Reply rest = client.post(path, t.apiKey(), "");
    assertThat(rest.status()).as(rest.body()).isEqualTo(201);
    assertThat(rest.json().getJsonNumber("amount").longValue()).isEqualTo(3000);
    assertThat(payment(t, "refunded").getJsonNumber("amountRefunded").longValue()).isEqualTo(5000);
    assertError(client.post(path, t.apiKey(), ""), 409, "already_refunded", null);
  }

  @Test
  void expiringASessionReachesStripeAndComesBackAsAnEvent() throws Exception {
    TestTenant t = tenant();
    String sessionId = checkout(t, "exp-" + UUID.randomUUID(), 900).getString("sessionId");
    Reply r =
        client.post(
            "api/t/" + t.slug() + "/probe/checkout/" + sessionId + "/expire", t.apiKey(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(sim.object(sessionId).orElseThrow().get("status")).isEqualTo("expired");
    Poll.until(() -> sessionStatus(sessionId), "expired/unpaid"::equals, "the expiry recorded");
    // expiring again sends the same idempotency key: Stripe replays its first answer
    Reply again =
        client.post(
            "api/t/" + t.slug() + "/probe/checkout/" + sessionId + "/expire", t.apiKey(), null);
    assertThat(again.status()).isEqualTo(204);
    assertThat(
            sim.count(
                q ->
                    q.path().equals("/v1/checkout/sessions/" + sessionId + "/expire")
                        && q.replayed()))
        .isEqualTo(1);
    // a session Stripe does not know is a 502 with Stripe's own words
    Reply unknown =
        client.post(
            "api/t/" + t.slug() + "/probe/checkout/cs_test_nosuch/expire", t.apiKey(), null);
    assertError(unknown, 502, "stripe_error", null);
    assertThat(unknown.json().getString("message")).contains("No such checkout.session");
  }

  @Test
  void aDelayedPaymentIsPaidOnlyWhenItSettles() throws Exception {
    TestTenant t = tenant();
    String sessionId = checkout(t, "late-" + UUID.randomUUID(), 700).getString("sessionId");
    sim.payLater(sessionId, Delivery.normal());
    Poll.until(() -> sessionStatus(sessionId), "complete/unpaid"::equals, "completed, unpaid");
    // not paid yet: the payment is not recorded as succeeded
    assertThat(list(t, "payments", "payments"))
        .noneMatch(p -> p.getString("status").equals("succeeded"));
    sim.settle(sessionId, true, Delivery.normal());
    Poll.until(() -> sessionStatus(sessionId), "complete/paid"::equals, "settled");
    assertThat(payment(t, "succeeded").getJsonNumber("amount").longValue()).isEqualTo(700);
  }

  @Test
  void reconciliationFindsEventsThatNeverArrived() throws Exception {
    TestTenant t = tenant();
    String sessionId = checkout(t, "lost-" + UUID.randomUUID(), 1200).getString("sessionId");
    List<Map<String, Object>> events = sim.pay(sessionId, Delivery.none());
    assertThat(events).hasSize(3);
    assertThat(notes(t)).doesNotContain("paid " + sessionId);

    Reply r = client.post("api/admin/tenants/" + t.slug() + "/reconcile", ADMIN, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getInt("enqueued")).isEqualTo(3);
    Poll.until(() -> notes(t), n -> n.contains("paid " + sessionId), "the missed event processed");
    assertThat(payment(t, "succeeded").getJsonNumber("amount").longValue()).isEqualTo(1200);
    assertThat(processed(t, 3)).allMatch(e -> e.getString("source").equals("reconcile"));

    // a second pass finds nothing new, and a late delivery of the same events is a duplicate
    Reply again = client.post("api/admin/tenants/" + t.slug() + "/reconcile", ADMIN, null);
    assertThat(again.json().getInt("enqueued")).isZero();
    String late = (String) events.get(2).get("id");
    sim.redeliver(late, Delivery.normal());
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(10))).isTrue();
    // the intake answered it as a duplicate and recorded nothing new
    assertThat(sim.attempts())
        .filteredOn(a -> a.eventId().equals(late))
        .singleElement()
        .matches(a -> a.status() == 200);
    assertThat(
            Db.ownerQuery(
                "SELECT count(*)::text FROM core.webhook_events WHERE event_id = ?", late))
        .isEqualTo("1");
    assertThat(notes(t)).filteredOn(n -> n.startsWith("paid ")).hasSize(1);
  }

  @Test
  void aSubscriptionCheckoutRecordsTheSubscriptionAndItsFirstInvoicePayment() throws Exception {
    TestTenant t = tenant();
    String price = sim.createPrice(PlinthClient.keyOf(t.slug()), 4900, "usd", "month");
    Reply r =
        client.post(
            "api/t/" + t.slug() + "/probe/checkout",
            null,
            "{\"reference\":\"sub-"
                + UUID.randomUUID()
                + "\",\"mode\":\"subscription\","
                + "\"priceId\":\""
                + price
                + "\",\"email\":\"sub@example.com\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String sessionId = r.json().getString("sessionId");
    sim.pay(sessionId, Delivery.normal().reversed());
    String subscription = (String) sim.object(sessionId).orElseThrow().get("subscription");
    Poll.until(
        () ->
            Db.ownerQuery(
                "SELECT status || '/' || price_id FROM core.subscriptions"
                    + " WHERE stripe_subscription_id = ?",
                subscription),
        ("active/" + price)::equals,
        "the subscription, active");
    // the invoice names its payment under payments.data[].payment, as today's API does
    assertThat(payment(t, "succeeded").getJsonNumber("amount").longValue()).isEqualTo(4900);
  }

  @Test
  void aCheckoutLostAfterStripeMadeItIsFoundAgainWithTheSameKey() throws Exception {
    TestTenant t = tenant();
    String reference = "lost-row-" + UUID.randomUUID();
    String first = checkout(t, reference, 800).getString("sessionId");
    // as if Plinth had died between Stripe's answer and recording the session
    try (var c = Db.owner();
        var ps =
            c.prepareStatement("DELETE FROM core.checkout_sessions WHERE stripe_session_id = ?")) {
      ps.setString(1, first);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(checkout(t, reference, 800).getString("sessionId")).isEqualTo(first);
    assertThat(
            sim.count(
                q ->
                    q.path().equals("/v1/checkout/sessions")
                        && q.replayed()
                        && StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()))
                            .equals(q.account())))
        .isEqualTo(1);

    // once that session has expired, the same request makes a new one
    sim.expire(first, Delivery.normal());
    Poll.until(() -> sessionStatus(first), "expired/unpaid"::equals, "the expiry recorded");
    String second = checkout(t, reference, 800).getString("sessionId");
    assertThat(second).isNotEqualTo(first);
    assertThat(sim.object(second).orElseThrow().get("status")).isEqualTo("open");
  }

  @Test
  void aConnectTenantPaysThroughThePlatformAndItsEventsAreRoutedByAccount() throws Exception {
    String account = "acct_1" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    TestTenant t = client.onboardConnected(ADMIN, "probe", account);

    String sessionId = checkout(t, "c-" + UUID.randomUUID(), 3100).getString("sessionId");
    StripeSimulator.Request create =
        sim.requests().stream()
            .filter(
                q -> q.path().equals("/v1/checkout/sessions") && account.equals(q.stripeAccount()))
            .findFirst()
            .orElseThrow();
    assertThat(create.account()).isEqualTo(StripeSimulator.accountOf(SimulatedStripe.PLATFORM_KEY));

    sim.pay(sessionId);
    Poll.until(
        () -> notes(t), n -> n.contains("paid " + sessionId), "the connected tenant's effect");
    assertThat(payment(t, "succeeded").getJsonNumber("amount").longValue()).isEqualTo(3100);
  }

  @Test
  void aCheckoutStripeRefusesIsABadGatewayAndNothingIsRecorded() throws Exception {
    TestTenant t = tenant();
    String key = PlinthClient.keyOf(t.slug());
    sim.fail(key, 500);
    try {
      Reply r =
          client.post(
              "api/t/" + t.slug() + "/probe/checkout",
              null,
              "{\"reference\":\"refused\",\"amount\":100}");
      assertError(r, 502, "stripe_error", null);
      // an anonymous customer gets the error-log id, not Stripe's words
      assertThat(r.body()).doesNotContain("Simulated failure");
      assertThat(r.json().getString("errorId")).isNotBlank();
    } finally {
      sim.heal(key);
    }
    assertThat(
            Db.ownerQuery(
                "SELECT count(*)::text FROM core.checkout_sessions s JOIN core.tenants t"
                    + " ON t.id = s.tenant_id WHERE t.slug = ?",
                t.slug()))
        .isEqualTo("0");
    assertThat(client.get("api/admin/errors?tenant=" + t.slug(), ADMIN).body())
        .contains("\"category\":\"billing\"")
        .contains("creating a checkout session")
        .doesNotContain(key);
  }
}
