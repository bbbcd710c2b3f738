package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import dev.plinth.testkit.stripe.Fixtures;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The events vertical against a real Plinth and the Stripe simulator: events made, changed, listed
 * and cancelled; the payment link through the outbox; a payment on the simulator's page and the
 * gallery it unlocks; refunds in part then in full; a failed delayed payment paid on a retry;
 * disputes won and lost; stale events; a cancelled paid event refunded at Stripe; isolation.
 */
class EventsIT extends ItBase {

  static final String ID = "events";

  static final long PRICE = 25000;

  String path(TestTenant t, String p) {
    return api(t, ID, p);
  }

  static String body(Object... overrides) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("title", "Wedding shoot");
    b.put("startsAt", "2026-12-24T18:00:00Z");
    b.put("venue", "Old Town Hall");
    b.put("priceAmount", PRICE);
    b.put("currency", "usd");
    b.put("clientEmail", "client@example.com");
    b.put("galleryUrl", "https://photos.example.com/wedding");
    for (int i = 0; i < overrides.length; i += 2) {
      b.put((String) overrides[i], overrides[i + 1]);
    }
    return json(
        b.entrySet().stream()
            .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
            .toArray());
  }

  String create(TestTenant t, Object... overrides) {
    return created(client.post(path(t, ""), t.apiKey(), body(overrides))).getString("id");
  }

  JsonObject event(TestTenant t, String id) {
    return ok(client.get(path(t, id), t.apiKey()));
  }

  JsonObject awaitStatus(TestTenant t, String id, String status) {
    return Poll.until(
        () -> event(t, id), e -> e.getString("paymentStatus").equals(status), "event " + status);
  }

  String checkout(TestTenant t, String id) {
    JsonObject started = created(client.post(path(t, id + "/checkout"), null, null));
    assertThat(started.getString("url")).startsWith(sim.baseUrl());
    return started.getString("sessionId");
  }

  Reply gallery(TestTenant t, String id, String query) {
    return client.get(path(t, id + "/gallery?" + query), null);
  }

  /** A paid event: its id, and its payment intent. */
  String[] paidEvent(TestTenant t) {
    String id = create(t);
    pay(t, checkout(t, id));
    return new String[] {id, awaitStatus(t, id, "paid").getString("paymentIntentId")};
  }

  String outbox(TestTenant t, String kind) throws Exception {
    return Db.ownerQuery(
        "SELECT string_agg(n.recipient || ' ' || n.body, ' | ') FROM core.notifications n"
            + " JOIN core.tenants t ON t.id = n.tenant_id WHERE t.slug = ? AND n.kind = ?",
        t.slug(),
        kind);
  }

  List<String> types(JsonObject eventWebhooks) {
    return eventWebhooks.getJsonArray("deliveries").stream()
        .map(d -> d.asJsonObject().getString("type"))
        .toList();
  }

  @Test
  void eventsAreMadeChangedListedAndCancelledAndBadRequestsAreAClear4xx() {
    TestTenant t = onboard(ID);
    String id = create(t);
    JsonObject e = event(t, id);
    assertThat(e.getString("paymentStatus")).isEqualTo("pending");
    assertThat(e.getString("chargeType")).as("the tenant's default").isEqualTo("destination");
    assertThat(e.get("connectedAccountId")).isEqualTo(JsonValue.NULL);
    assertThat(e.get("lastWebhookReceivedAt")).isEqualTo(JsonValue.NULL);
    assertThat(e.getJsonNumber("priceAmount").longValue()).isEqualTo(PRICE);

    ok(client.put(path(t, "settings"), t.apiKey(), json("defaultChargeType", "direct")));
    assertThat(event(t, create(t)).getString("chargeType")).isEqualTo("direct");
    JsonObject changed =
        ok(
            client.put(
                path(t, id), t.apiKey(), body("title", "Evening shoot", "priceAmount", 30000)));
    assertThat(changed.getString("title")).isEqualTo("Evening shoot");
    assertThat(changed.getJsonNumber("priceAmount").longValue()).isEqualTo(30000);

    create(t);
    JsonObject first = ok(client.get(path(t, "?paymentStatus=pending&limit=2"), t.apiKey()));
    assertThat(first.getJsonArray("events")).hasSize(2);
    JsonObject rest =
        ok(client.get(path(t, "?limit=2&before=" + first.getString("nextBefore")), t.apiKey()));
    assertThat(rest.getJsonArray("events")).hasSize(1);
    assertThat(ok(client.get(path(t, "?paymentStatus=paid"), t.apiKey())).getJsonArray("events"))
        .isEmpty();

    String key = t.apiKey();
    assertError(
        client.get(path(t, "?paymentStatus=lost"), key), 400, "invalid_request", "paymentStatus");
    assertError(client.get(path(t, "?limit=0"), key), 400, "invalid_request", "limit");
    assertError(client.get(path(t, "?limit=201"), key), 400, "invalid_request", "limit");
    assertError(client.get(path(t, "?before=yesterday"), key), 400, "invalid_request", "before");
    assertError(client.post(path(t, ""), key, "{\"title\": "), 400, "malformed_json", null);
    assertError(client.get(path(t, UUID.randomUUID().toString()), key), 404, "not_found", null);
    assertError(client.get(path(t, "not-an-id"), key), 404, "not_found", null);
    assertError(client.get(path(t, ""), null), 401, "unauthorized", null);

    JsonObject cancelled = ok(client.post(path(t, id + "/cancel"), key, null));
    assertThat(cancelled.getString("cancelledAt")).isNotBlank();
    assertThat(cancelled.getString("paymentStatus")).isEqualTo("pending");
    assertError(client.post(path(t, id + "/checkout"), null, null), 409, "event_not_payable", null);
    assertError(
        client.post(path(t, id + "/payment-link"), key, null), 409, "event_not_payable", null);
    assertThat(ok(client.get(path(t, id + "/pay"), null)).getString("state"))
        .isEqualTo("cancelled");
    assertThat(client.get("health/ready", null).body()).contains("\"events\":\"UP: ok\"");
  }

  /** A body with one bad field is 400 invalid_request naming it, and makes no event. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "title, null",
        "currency, dollars",
        "clientEmail, nope",
        "priceAmount, 10",
        "startsAt, tomorrow",
        "chargeType, sideways",
        "applicationFeeAmount, 100",
        "connectedAccountId, acct_1NotBoundToAnyone",
        "connectedAccountId, bank-of-me"
      })
  void aBadFieldIsAClear400(String field, String value) {
    TestTenant t = client.onboard(ADMIN, ID);
    Object v = value != null && value.matches("\\d+") ? Long.valueOf(value) : value;
    assertError(
        client.post(path(t, ""), t.apiKey(), body(field, v)), 400, "invalid_request", field);
    assertThat(ok(client.get(path(t, ""), t.apiKey())).getJsonArray("events")).isEmpty();
  }

  @Test
  void theClientPaysFromTheEmailedLinkAndTheGalleryUnlocks() throws Exception {
    TestTenant t = onboard(ID);
    String id = create(t);
    JsonObject link = ok(client.post(path(t, id + "/payment-link"), t.apiKey(), null));
    assertThat(link.getString("url")).endsWith("/t/" + t.slug() + "/pay?event=" + id);
    assertThat(link.getString("sentTo")).isEqualTo("client@example.com");
    assertThat(outbox(t, "events.payment_link"))
        .isEqualTo("client@example.com Pay for Wedding shoot here:\n" + link.getString("url"));
    JsonObject payView = ok(client.get(path(t, id + "/pay"), null));
    assertThat(payView.getString("state")).isEqualTo("payable");
    assertThat(payView.getString("title")).isEqualTo("Wedding shoot");

    String session = checkout(t, id);
    assertThat(gallery(t, id, "session_id=" + session).status()).isEqualTo(202);
    assertError(gallery(t, id, "session_id=cs_test_someoneElses"), 404, "not_found", null);
    assertError(gallery(t, id, ""), 404, "not_found", null);
    pay(t, session);

    JsonObject paid = awaitStatus(t, id, "paid");
    assertThat(paid.getString("lastWebhookReceivedAt")).isNotBlank();
    assertThat(paid.getString("paymentIntentId")).startsWith("pi_");
    assertThat(paid.getString("checkoutSessionId")).isEqualTo(session);
    JsonObject gallery = ok(gallery(t, id, "session_id=" + session));
    assertThat(gallery.getString("galleryUrl")).isEqualTo("https://photos.example.com/wedding");
    assertError(client.post(path(t, id + "/checkout"), null, null), 409, "event_not_payable", null);
    assertError(
        client.put(path(t, id), t.apiKey(), body("priceAmount", 100)), 409, "event_paid", null);
    assertThat(
            ok(client.put(path(t, id), t.apiKey(), body("notes", "Photos by Friday")))
                .getString("notes"))
        .isEqualTo("Photos by Friday");
    assertThat(types(ok(client.get(path(t, id + "/webhooks"), t.apiKey()))))
        .contains("CheckoutPaid", "payment_intent.succeeded");

    // the emailed gallery link opens it too, and only for its own event
    String mail =
        Poll.until(() -> outbox(t, "events.gallery_link"), m -> m != null, "the gallery link");
    String token = mail.substring(mail.indexOf("#token=") + 7).trim();
    assertThat(ok(gallery(t, id, "token=" + token)).getString("title")).isEqualTo("Wedding shoot");
    assertError(gallery(t, create(t), "token=" + token), 404, "not_found", null);
  }

  @Test
  void aPaidEventIsPartiallyRefundedThenRefunded() throws Exception {
    TestTenant t = onboard(ID);
    String[] paid = paidEvent(t);
    refundAtStripe(t, paid[1], 5000L);
    JsonObject part = awaitStatus(t, paid[0], "partially_refunded");
    assertThat(part.getJsonNumber("refundedAmount").longValue()).isEqualTo(5000);
    String session = part.getString("checkoutSessionId");
    assertThat(gallery(t, paid[0], "session_id=" + session).status())
        .as("still paid")
        .isEqualTo(200);
    refundAtStripe(t, paid[1], null);
    JsonObject full = awaitStatus(t, paid[0], "refunded");
    assertThat(full.getJsonNumber("refundedAmount").longValue()).isEqualTo(PRICE);
    assertError(gallery(t, paid[0], "session_id=" + session), 404, "not_found", null);
  }

  @Test
  void aFailedDelayedPaymentFailsTheEventAndTheClientsRetryPaysIt() {
    TestTenant t = onboard(ID);
    String id = create(t);
    String session = checkout(t, id);
    awaitProcessed(t, sim.payLater(session, Delivery.normal()));
    assertThat(event(t, id).getString("paymentStatus")).isEqualTo("pending");
    assertThat(gallery(t, id, "session_id=" + session).status()).isEqualTo(202);
    awaitProcessed(t, sim.settle(session, false, Delivery.normal()));
    awaitStatus(t, id, "failed");
    assertThat(
            ok(client.get(path(t, "admin/failed-payments"), t.apiKey()))
                .getJsonArray("payments")
                .stream()
                .map(p -> p.asJsonObject().getString("eventId")))
        .contains(id);
    JsonObject payView = ok(client.get(path(t, id + "/pay"), null));
    assertThat(payView.getString("state")).isEqualTo("payable");
    assertThat(payView.getString("paymentStatus")).isEqualTo("failed");

    String retry = checkout(t, id);
    assertThat(retry).isNotEqualTo(session);
    pay(t, retry);
    assertThat(awaitStatus(t, id, "paid").getString("checkoutSessionId")).isEqualTo(retry);
  }

  @Test
  void disputesWonAndLostAndStaleEventsNeverMoveTheStatusBack() {
    TestTenant t = client.onboard(ADMIN, ID);
    String id = create(t);
    String session = checkout(t, id);
    sim.pay(session, Delivery.none()).forEach(e -> deliverByHand(t, e));
    awaitStatus(t, id, "paid");

    Map<String, Object> d = dispute(session, PRICE);
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.created", d));
    assertThat(awaitStatus(t, id, "disputed").getString("statusBeforeDispute")).isEqualTo("paid");
    d.put("status", "won");
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.closed", d));
    awaitStatus(t, id, "paid");

    // a closing delivered before its (older) opening: the opening is stale and opens nothing
    Map<String, Object> d2 = dispute(session, PRICE);
    d2.put("status", "won");
    Map<String, Object> closed = PaymentEventsIT.event("charge.dispute.closed", d2);
    deliverByHand(t, closed);
    awaitEvent(t, (String) closed.get("id"), e -> e.getString("status").equals("completed"));
    d2.put("status", "needs_response");
    Map<String, Object> opened = PaymentEventsIT.event("charge.dispute.created", d2);
    opened.put("created", (long) closed.get("created") - 60);
    deliverByHand(t, opened);
    awaitEvent(t, (String) opened.get("id"), e -> e.getString("status").equals("completed"));
    // a declined card reported after the payment: paid never becomes failed
    Map<String, Object> declined =
        PaymentEventsIT.event("payment_intent.payment_failed", declinedIntent(t, id));
    deliverByHand(t, declined);
    awaitEvent(t, (String) declined.get("id"), e -> e.getString("status").equals("completed"));
    JsonObject after = event(t, id);
    assertThat(after.getString("paymentStatus")).isEqualTo("paid");
    JsonObject log = ok(client.get(path(t, id + "/webhooks"), t.apiKey()));
    JsonObject declinedRow = log.getJsonArray("deliveries").getJsonObject(0);
    assertThat(declinedRow.getString("type")).isEqualTo("payment_intent.payment_failed");
    assertThat(declinedRow.getBoolean("applied")).isFalse();
    assertThat(declinedRow.getString("failure")).isEqualTo("Your card was declined.");
    assertThat(types(log)).contains("DisputeOpened", "DisputeClosed", "CheckoutPaid");

    Map<String, Object> d3 = dispute(session, PRICE);
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.created", d3));
    awaitStatus(t, id, "disputed");
    assertError(
        client.post(path(t, id + "/cancel"), t.apiKey(), null), 409, "event_disputed", null);
    d3.put("status", "lost");
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.closed", d3));
    awaitStatus(t, id, "refunded");
  }

  /** A payment intent of the event's checkout whose card was declined, as Stripe reports it. */
  static Map<String, Object> declinedIntent(TestTenant t, String eventId) {
    Map<String, Object> pi = Fixtures.of("payment_intent");
    pi.put("id", "pi_1" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    pi.put("status", "requires_payment_method");
    pi.put(
        "metadata",
        Map.of("plinth_tenant", t.slug(), "plinth_vertical", ID, "plinth_reference", eventId));
    pi.put("last_payment_error", Map.of("message", "Your card was declined."));
    return pi;
  }

  @Test
  void cancellingAPaidEventRefundsItInFullAtStripe() {
    TestTenant t = onboard(ID);
    String[] paid = paidEvent(t);
    JsonObject cancelled = ok(client.post(path(t, paid[0] + "/cancel"), t.apiKey(), null));
    assertThat(cancelled.getString("paymentStatus")).isEqualTo("refunded");
    assertThat(cancelled.getString("cancelledAt")).isNotBlank();
    String charge = (String) sim.object(paid[1]).orElseThrow().get("latest_charge");
    assertThat(((Number) sim.object(charge).orElseThrow().get("amount_refunded")).longValue())
        .isEqualTo(PRICE);
    // Stripe's own report of the refund, and a second cancel, change nothing and refund no more
    Poll.until(
        () -> types(ok(client.get(path(t, paid[0] + "/webhooks"), t.apiKey()))),
        types -> types.contains("PaymentRefunded"),
        "the refund's event");
    assertThat(
            ok(client.post(path(t, paid[0] + "/cancel"), t.apiKey(), null))
                .getString("paymentStatus"))
        .isEqualTo("refunded");
    String account = StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()));
    assertThat(
            sim.count(
                r ->
                    r.path().equals("/v1/refunds")
                        && account.equals(r.account())
                        && r.status() == 200
                        && !r.replayed()))
        .isEqualTo(1);
  }

  @Test
  void twoEventsOnTwoConnectedAccountsArePaidThereAndEachRoutedToItsEvent() throws Exception {
    TestTenant t = onboard(ID);
    created(
        client.post(
            "api/tenants/" + t.slug() + "/stripe/connect-webhook-endpoint", t.apiKey(), null));
    String key = PlinthClient.keyOf(t.slug());
    String ana = sim.connectAccount(key, true);
    String ben = sim.connectAccount(key, true);
    for (String account : List.of(ana, ben)) {
      created(
          client.post(
              "api/admin/tenants/" + t.slug() + "/connected-accounts",
              ADMIN,
              json("accountId", account)));
    }
    String direct =
        create(t, "connectedAccountId", ana, "chargeType", "direct", "applicationFeeAmount", 2500);
    String destination =
        create(
            t,
            "connectedAccountId",
            ben,
            "chargeType",
            "destination",
            "applicationFeeAmount",
            3000);
    String directSession = checkout(t, direct);
    String destinationSession = checkout(t, destination);
    assertThat(sim.holderOf(directSession)).contains(ana);
    assertThat(sim.holderOf(destinationSession)).contains(StripeSimulator.accountOf(key));
    pay(t, directSession);
    pay(t, destinationSession);

    // each payment reached its own event: the direct one through the Connect endpoint
    JsonObject d = awaitStatus(t, direct, "paid");
    JsonObject b = awaitStatus(t, destination, "paid");
    assertThat(d.getString("checkoutSessionId")).isEqualTo(directSession);
    assertThat(b.getString("checkoutSessionId")).isEqualTo(destinationSession);
    Map<String, Object> directPi = sim.object(d.getString("paymentIntentId")).orElseThrow();
    assertThat(sim.holderOf(d.getString("paymentIntentId"))).contains(ana);
    assertThat(directPi.get("application_fee_amount")).isEqualTo(2500L);
    assertThat(directPi.get("transfer_data")).isNull();
    Map<String, Object> destinationPi = sim.object(b.getString("paymentIntentId")).orElseThrow();
    assertThat(sim.holderOf(b.getString("paymentIntentId")))
        .contains(StripeSimulator.accountOf(key));
    assertThat(destinationPi.get("application_fee_amount")).isEqualTo(3000L);
    assertThat(((Map<?, ?>) destinationPi.get("transfer_data")).get("destination")).isEqualTo(ben);

    // cancelling the direct event refunds it on the connected account that holds the charge
    assertThat(
            ok(client.post(path(t, direct + "/cancel"), t.apiKey(), null))
                .getString("paymentStatus"))
        .isEqualTo("refunded");
    String charge = (String) directPi.get("latest_charge");
    assertThat(((Number) sim.object(charge).orElseThrow().get("amount_refunded")).longValue())
        .isEqualTo(PRICE);
    assertThat(event(t, destination).getString("paymentStatus")).isEqualTo("paid");

    // an account bound to another tenant is refused, as one bound to none
    TestTenant other = onboard(ID);
    String theirs = sim.connectAccount(PlinthClient.keyOf(other.slug()), true);
    created(
        client.post(
            "api/admin/tenants/" + other.slug() + "/connected-accounts",
            ADMIN,
            json("accountId", theirs)));
    assertError(
        client.post(path(t, ""), t.apiKey(), body("connectedAccountId", theirs)),
        400,
        "invalid_request",
        "connectedAccountId");
  }

  @Test
  void aTenantSeesAndPaysOnlyItsOwnEvents() {
    TestTenant a = onboard(ID);
    TestTenant b = onboard(ID);
    String id = create(a);
    assertError(client.get(path(b, id), b.apiKey()), 404, "not_found", null);
    assertError(client.get(path(a, id), b.apiKey()), 404, "not_found", null);
    assertError(client.post(path(b, id + "/cancel"), b.apiKey(), null), 404, "not_found", null);
    assertError(client.post(path(b, id + "/checkout"), null, null), 404, "not_found", null);
    assertError(client.get(path(b, id + "/pay"), null), 404, "not_found", null);
    assertThat(ok(client.get(path(b, ""), b.apiKey())).getJsonArray("events")).isEmpty();
    assertThat(event(a, id).getString("paymentStatus")).isEqualTo("pending");
  }
}
