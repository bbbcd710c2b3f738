package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.Concurrently;
import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import dev.plinth.testkit.stripe.Fixtures;
import dev.plinth.testkit.stripe.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The credits vertical against a real Plinth and the Stripe simulator: packages, the capacity and
 * its race, purchases credited once, expiry, the spend race, idempotent spends, refunds and
 * disputes clawing back or freezing, declined cards, random sequences that keep the ledger
 * balanced, isolation and the users' tokens.
 */
class CreditsIT extends ItBase {

  static final String ID = "credits";

  String path(TestTenant t, String p) {
    return api(t, ID, p);
  }

  String user(TestTenant t) {
    String u = userRef();
    endUser(t, u, u + "@example.com");
    return u;
  }

  Reply purchase(TestTenant t, String key, String userRef, String pkg) {
    return client.post(path(t, "users/" + userRef + "/purchases"), key, json("packageCode", pkg));
  }

  JsonObject balance(TestTenant t, String userRef) {
    return ok(client.get(path(t, "users/" + userRef + "/balance"), t.apiKey()));
  }

  JsonObject awaitBalance(TestTenant t, String userRef, Predicate<JsonObject> p, String what) {
    return Poll.until(() -> balance(t, userRef), p, what);
  }

  JsonObject capacity(TestTenant t) {
    return ok(client.get(path(t, "capacity"), t.apiKey()));
  }

  void setCapacity(TestTenant t, long total) {
    ok(client.put(path(t, "capacity"), t.apiKey(), json("total", total)));
  }

  Reply spend(TestTenant t, String key, String userRef, long credits, String idempotencyKey) {
    return client.post(
        path(t, "users/" + userRef + "/spend"),
        key,
        json("credits", credits, "reason", "analysis", "idempotencyKey", idempotencyKey));
  }

  /** A paid purchase: the user holds its credits once this returns. */
  String buy(TestTenant t, String userRef, String pkg) {
    long before = balance(t, userRef).getJsonNumber("balance").longValue();
    JsonObject started = created(purchase(t, t.apiKey(), userRef, pkg));
    pay(t, started.getString("sessionId"));
    awaitBalance(
        t, userRef, b -> b.getJsonNumber("balance").longValue() > before, "the credits of " + pkg);
    return started.getString("sessionId");
  }

  void assertLedgerBalanced(TestTenant t) {
    JsonObject check = ok(client.get(path(t, "admin/ledger-check"), t.apiKey()));
    assertThat(check.getBoolean("ok")).as(check.toString()).isTrue();
    assertThat(check.getJsonNumber("sumOfAllAccounts").longValue()).isZero();
    assertThat(check.getJsonArray("mismatched")).isEmpty();
  }

  static long num(JsonObject o, String name) {
    return o.getJsonNumber(name).longValue();
  }

  String outbox(TestTenant t, String kind) throws Exception {
    return Db.ownerQuery(
        "SELECT count(*)::text FROM core.notifications n JOIN core.tenants t"
            + " ON t.id = n.tenant_id WHERE t.slug = ? AND n.kind = ?",
        t.slug(),
        kind);
  }

  @Test
  void aPurchaseIsCreditedOnceThoughItsEventsArriveTwentyTimesAtOnce() {
    TestTenant t = onboard(ID);
    JsonArray packages = ok(client.get(path(t, "packages"), null)).getJsonArray("packages");
    assertThat(packages.stream().map(p -> p.asJsonObject().getString("code")))
        .containsExactly("small", "medium", "large");
    assertThat(num(packages.getJsonObject(0), "credits")).isEqualTo(100);
    assertThat(num(packages.getJsonObject(0), "priceAmount")).isEqualTo(1000);
    assertThat(num(packages.getJsonObject(1), "credits")).isEqualTo(500);
    assertThat(num(packages.getJsonObject(1), "priceAmount")).isEqualTo(4500);
    assertThat(num(packages.getJsonObject(2), "credits")).isEqualTo(2000);
    assertThat(num(packages.getJsonObject(2), "priceAmount")).isEqualTo(16000);
    assertThat(packages.getJsonObject(2).getString("currency")).isEqualTo("usd");
    assertThat(packages.getJsonObject(2).getBoolean("active")).isTrue();

    String ada = user(t);
    JsonObject started = created(purchase(t, t.apiKey(), ada, "medium"));
    assertThat(started.getString("url")).startsWith(sim.baseUrl());
    JsonObject reserved = capacity(t);
    assertThat(num(reserved, "reserved")).isEqualTo(500);
    assertThat(num(reserved, "available")).isEqualTo(num(reserved, "total") - 500);

    awaitProcessed(
        t, sim.pay(started.getString("sessionId"), Delivery.normal().copies(20).concurrently()));
    awaitBalance(t, ada, x -> num(x, "balance") == 500, "500 credits");
    // those copies share the event id, so the host's intake drops them; the same payment under
    // another event id reaches the vertical, whose cause key posts it once
    Map<String, Object> paid =
        sim.events(PlinthClient.keyOf(t.slug())).stream()
            .filter(e -> "checkout.session.completed".equals(e.get("type")))
            .reduce((x, y) -> y)
            .orElseThrow();
    Map<String, Object> again = new LinkedHashMap<>(paid);
    again.put("id", WebhookIntakeIT.newEventId());
    deliverByHand(t, again);
    awaitProcessed(t, List.of(again));
    JsonObject b = balance(t, ada);
    assertThat(num(b, "balance")).isEqualTo(500);
    assertThat(b.getJsonArray("entries")).hasSize(1);
    assertThat(b.getJsonArray("entries").getJsonObject(0).getString("kind")).isEqualTo("purchase");
    assertThat(num(b.getJsonArray("entries").getJsonObject(0), "change")).isEqualTo(500);
    JsonObject sold = capacity(t);
    assertThat(num(sold, "sold")).isEqualTo(500);
    assertThat(num(sold, "reserved")).isZero();
    assertLedgerBalanced(t);

    // the tenant's analytics count it once
    JsonObject a = ok(client.get(path(t, "admin/analytics"), t.apiKey()));
    assertThat(num(a, "purchases")).isEqualTo(1);
    assertThat(num(a, "revenue")).isEqualTo(4500);
    assertThat(num(a, "averageOrder")).isEqualTo(4500);
    assertThat(a.getJsonArray("byPackage").getJsonObject(0).getString("packageCode"))
        .isEqualTo("medium");
    assertThat(a.getJsonArray("byDay")).hasSize(1);
    assertThat(a.getJsonArray("largestBalances").getJsonObject(0).getString("userRef"))
        .isEqualTo(ada);

    // and its log: the purchase with the Stripe ids that paid it, as the core's payments know them
    String session = started.getString("sessionId");
    Object paymentIntent = sim.object(session).orElseThrow().get("payment_intent");
    JsonArray log =
        ok(client.get(path(t, "admin/purchases"), t.apiKey())).getJsonArray("purchases");
    assertThat(log).hasSize(1);
    JsonObject row = log.getJsonObject(0);
    assertThat(row.getString("userRef")).isEqualTo(ada);
    assertThat(row.getString("status")).isEqualTo("paid");
    assertThat(row.getString("checkoutSessionId")).isEqualTo(session);
    assertThat(row.getString("paymentIntentId")).isEqualTo(paymentIntent).startsWith("pi_");
    assertThat(num(row, "priceAmount")).isEqualTo(4500);
    assertThat(
            ok(client.get("api/t/" + t.slug() + "/payments", t.apiKey()))
                .getJsonArray("payments")
                .getJsonObject(0)
                .toString())
        .contains((String) paymentIntent);
    assertError(
        client.get(path(t, "admin/purchases"), endUser(t, ada, ada + "@example.com")),
        401,
        "unauthorized",
        null);
  }

  @Test
  void twoBuyersOfTheLastPackageGetOneSessionAndOneRefusal() throws Exception {
    TestTenant t = onboard(ID);
    setCapacity(t, 100);
    String ada = user(t);
    String bo = user(t);
    List<String> buyers = List.of(ada, bo);
    List<Reply> replies =
        Concurrently.run(2, 2, i -> purchase(t, t.apiKey(), buyers.get(i), "small"));
    assertThat(replies.stream().map(Reply::status)).containsExactlyInAnyOrder(201, 409);
    Reply refused = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
    JsonObject error = assertError(refused, 409, "capacity_exhausted", null);
    assertThat(num(error, "available")).isZero();
    JsonObject c = capacity(t);
    assertThat(num(c, "reserved")).isEqualTo(100);
    assertThat(num(c, "available")).isZero();
    // one checkout session only was created for the tenant
    assertThat(
            Db.ownerQuery(
                "SELECT count(*)::text FROM credits.purchases p JOIN core.tenants t"
                    + " ON t.id = p.tenant_id WHERE t.slug = ? AND p.session_id IS NOT NULL",
                t.slug()))
        .isEqualTo("1");
    // the capacity cannot fall below what is reserved
    assertError(
        client.put(path(t, "capacity"), t.apiKey(), json("total", 50)),
        409,
        "capacity_in_use",
        null);
    assertLedgerBalanced(t);
  }

  @Test
  void anExpiredCheckoutGivesItsCreditsBackToTheCapacity() {
    TestTenant t = onboard(ID);
    setCapacity(t, 100);
    String ada = user(t);
    String session = created(purchase(t, t.apiKey(), ada, "small")).getString("sessionId");
    assertError(purchase(t, t.apiKey(), ada, "small"), 409, "capacity_exhausted", null);
    awaitProcessed(t, sim.expire(session, Delivery.normal().copies(3)));
    JsonObject c = capacity(t);
    assertThat(num(c, "available")).isEqualTo(100);
    assertThat(num(c, "reserved")).isZero();
    assertThat(num(c, "sold")).isZero();
    assertThat(num(balance(t, ada), "balance")).isZero();
    // sold again, and paid
    buy(t, ada, "small");
    assertThat(num(capacity(t), "sold")).isEqualTo(100);
    assertLedgerBalanced(t);
  }

  @Test
  void aHundredConcurrentSpendsOfTenAgainstFiveHundredLeaveExactlyNothing() {
    TestTenant t = onboard(ID);
    String ada = user(t);
    buy(t, ada, "medium");
    List<Reply> replies =
        Concurrently.run(100, 20, i -> spend(t, t.apiKey(), ada, 10, "race-" + i));
    assertThat(replies.stream().filter(r -> r.status() == 201).count()).isEqualTo(50);
    assertThat(replies.stream().filter(r -> r.status() == 402).count()).isEqualTo(50);
    replies.stream()
        .filter(r -> r.status() == 402)
        .forEach(r -> assertError(r, 402, "insufficient_credits", null));
    JsonObject b = balance(t, ada);
    assertThat(num(b, "balance")).isZero();
    assertThat(num(capacity(t), "spent")).isEqualTo(500);
    assertLedgerBalanced(t);
  }

  @Test
  void aSpendIsAnsweredOncePerIdempotencyKey() throws Exception {
    TestTenant t = onboard(ID);
    String ada = user(t);
    String token = endUser(t, ada, ada + "@example.com");
    buy(t, ada, "small");
    String key = "k-" + UUID.randomUUID();
    JsonObject first = created(spend(t, t.apiKey(), ada, 30, key));
    assertThat(num(first, "balance")).isEqualTo(70);
    JsonObject again = created(spend(t, t.apiKey(), ada, 30, key));
    assertThat(num(again, "balance")).isEqualTo(70);
    assertThat(num(balance(t, ada), "balance")).isEqualTo(70);
    assertError(spend(t, t.apiKey(), ada, 31, key), 409, "idempotency_key_reused", null);

    // a refusal is the first answer too, even once the balance would cover it
    String big = "k-" + UUID.randomUUID();
    JsonObject refused =
        assertError(spend(t, t.apiKey(), ada, 100, big), 402, "insufficient_credits", null);
    assertThat(num(refused, "balance")).isEqualTo(70);
    buy(t, ada, "small");
    assertError(spend(t, t.apiKey(), ada, 100, big), 402, "insufficient_credits", null);
    created(spend(t, t.apiKey(), ada, 100, "k-" + UUID.randomUUID()));
    assertThat(num(balance(t, ada), "balance")).isEqualTo(70);

    // the user spends only if the tenant allows it
    assertError(spend(t, token, ada, 1, "k-" + UUID.randomUUID()), 403, "forbidden", null);
    ok(client.put(path(t, "settings"), t.apiKey(), json("allowUserSpend", true)));
    assertThat(num(created(spend(t, token, ada, 1, "k-" + UUID.randomUUID())), "balance"))
        .isEqualTo(69);
    // the history, newest first, a page at a time
    JsonObject newest = ok(client.get(path(t, "users/" + ada + "/balance?limit=2"), t.apiKey()));
    JsonArray page1 = newest.getJsonArray("entries");
    assertThat(page1).hasSize(2);
    assertThat(num(page1.getJsonObject(0), "change")).isEqualTo(-1);
    JsonObject second =
        ok(
            client.get(
                path(
                    t,
                    "users/"
                        + ada
                        + "/balance?limit=100&before="
                        + newest.getString("nextBefore").replace("+", "%2B")),
                t.apiKey()));
    JsonArray page2 = second.getJsonArray("entries");
    assertThat(second.isNull("nextBefore")).as("the last page").isTrue();
    assertError(
        client.get(path(t, "users/" + ada + "/balance?before=yesterday"), t.apiKey()),
        400,
        "invalid_request",
        "before");
    // 2 purchases and 3 spends in all: the two newest spends, then the three entries before them
    assertThat(page2.stream().map(e -> e.asJsonObject().getString("kind")))
        .containsExactly("purchase", "spend", "purchase");
    assertError(
        client.get(path(t, "users/" + ada + "/balance?limit=0"), t.apiKey()),
        400,
        "invalid_request",
        "limit");
    assertError(spend(t, t.apiKey(), ada, 0, "k-0"), 400, "invalid_request", "credits");
    assertError(
        client.post(path(t, "users/" + ada + "/spend"), t.apiKey(), json("credits", 1)),
        400,
        "invalid_request",
        "idempotencyKey");
    assertLedgerBalanced(t);
  }

  String refundPath(TestTenant t) {
    return "api/t/" + t.slug() + "/payments/" + firstPayment(t) + "/refund";
  }

  @Test
  void partialAndFullRefundsClawBackAndANegativeUserCannotSpend() throws Exception {
    TestTenant t = onboard(ID);
    String ada = user(t);
    buy(t, ada, "medium"); // 500 credits for $45
    created(spend(t, t.apiKey(), ada, 400, "k-" + UUID.randomUUID()));
    // a tenth refunded: 50 credits back
    assertThat(client.post(refundPath(t), t.apiKey(), json("amount", 450)).status()).isEqualTo(201);
    awaitBalance(t, ada, b -> num(b, "balance") == 50, "50 clawed back");
    // the rest refunded: all 500 clawed back in all, the user is 400 below zero
    assertThat(client.post(refundPath(t), t.apiKey(), "").status()).isEqualTo(201);
    JsonObject b = awaitBalance(t, ada, x -> num(x, "balance") == -400, "all clawed back");
    assertThat(b.getBoolean("negative")).isTrue();
    JsonObject refused =
        assertError(
            spend(t, t.apiKey(), ada, 1, "k-" + UUID.randomUUID()),
            402,
            "insufficient_credits",
            null);
    assertThat(num(refused, "balance")).isEqualTo(-400);
    // back above zero, the user spends again
    buy(t, ada, "medium");
    assertThat(num(balance(t, ada), "balance")).isEqualTo(100);
    created(spend(t, t.apiKey(), ada, 100, "k-" + UUID.randomUUID()));
    assertLedgerBalanced(t);
  }

  /** A purchase paid on a tenant whose deliveries the test makes itself. */
  String paidByHand(TestTenant t, String userRef, String pkg) {
    long before = num(balance(t, userRef), "balance");
    String session = created(purchase(t, t.apiKey(), userRef, pkg)).getString("sessionId");
    for (Map<String, Object> e : sim.pay(session, Delivery.none())) {
      deliverByHand(t, e);
    }
    awaitBalance(t, userRef, b -> num(b, "balance") > before, "credited");
    return session;
  }

  @Test
  void aDisputeFreezesWhatIsLeftUntilItIsWonOrLost() {
    TestTenant t = client.onboard(ADMIN, ID);
    String ada = user(t);
    String won = paidByHand(t, ada, "small");
    created(spend(t, t.apiKey(), ada, 30, "k-" + UUID.randomUUID()));
    Map<String, Object> d = dispute(won, 1000);
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.created", d));
    JsonObject frozen = awaitBalance(t, ada, b -> num(b, "frozen") == 70, "70 frozen");
    assertThat(num(frozen, "balance")).isZero();
    assertError(
        spend(t, t.apiKey(), ada, 1, "k-" + UUID.randomUUID()), 402, "insufficient_credits", null);
    d.put("status", "won");
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.closed", d));
    JsonObject released = awaitBalance(t, ada, b -> num(b, "frozen") == 0, "released");
    assertThat(num(released, "balance")).isEqualTo(70);

    String lost = paidByHand(t, ada, "small"); // 170
    Map<String, Object> d2 = dispute(lost, 1000);
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.created", d2));
    awaitBalance(t, ada, b -> num(b, "frozen") == 100, "100 frozen");
    d2.put("status", "lost");
    Map<String, Object> closed = PaymentEventsIT.event("charge.dispute.closed", d2);
    deliverByHand(t, closed);
    // the same closing again under another event id: the host's intake cannot tell, the
    // vertical's cause key must
    Map<String, Object> closedAgain = PaymentEventsIT.event("charge.dispute.closed", d2);
    deliverByHand(t, closedAgain);
    awaitEvent(t, (String) closedAgain.get("id"), e -> e.getString("status").equals("completed"));
    JsonObject after = awaitBalance(t, ada, b -> num(b, "frozen") == 0, "clawed back");
    assertThat(num(after, "balance")).isEqualTo(70);

    // a closing that arrives before its opening: the late opening freezes nothing
    String late = paidByHand(t, ada, "small"); // 170
    Map<String, Object> d3 = dispute(late, 1000);
    d3.put("status", "won");
    Map<String, Object> closedFirst = PaymentEventsIT.event("charge.dispute.closed", d3);
    deliverByHand(t, closedFirst);
    awaitEvent(t, (String) closedFirst.get("id"), e -> e.getString("status").equals("completed"));
    d3.put("status", "needs_response");
    Map<String, Object> openedLate = PaymentEventsIT.event("charge.dispute.created", d3);
    deliverByHand(t, openedLate);
    awaitEvent(t, (String) openedLate.get("id"), e -> e.getString("status").equals("completed"));
    JsonObject untouched = balance(t, ada);
    assertThat(num(untouched, "frozen")).isZero();
    assertThat(num(untouched, "balance")).isEqualTo(170);
    assertLedgerBalanced(t);
  }

  @Test
  void aRefundBeforeItsPaymentAndADisputeOnTheSamePurchaseClawBackOnce() {
    TestTenant t = client.onboard(ADMIN, ID);
    String ada = user(t);
    String session = created(purchase(t, t.apiKey(), ada, "medium")).getString("sessionId");
    List<Map<String, Object>> payment = sim.pay(session, Delivery.none());
    // a fifth of the $45 refunded, and its event delivered before the payment's
    String pi = (String) sim.object(session).orElseThrow().get("payment_intent");
    Map<String, Object> charge =
        new LinkedHashMap<>(
            sim.object((String) sim.object(pi).orElseThrow().get("latest_charge")).orElseThrow());
    charge.put("amount_refunded", 900L);
    Map<String, Object> refunded = PaymentEventsIT.event("charge.refunded", charge);
    deliverByHand(t, refunded);
    awaitEvent(t, (String) refunded.get("id"), e -> e.getInt("attempts") >= 1);
    assertThat(num(balance(t, ada), "balance")).as("nothing to claw back from yet").isZero();
    payment.forEach(e -> deliverByHand(t, e));
    awaitBalance(t, ada, b -> num(b, "balance") > 0, "credited");
    advanceClock(java.time.Duration.ofHours(1)); // the refund's retry is due
    awaitEvent(t, (String) refunded.get("id"), e -> e.getString("status").equals("completed"));
    assertThat(num(balance(t, ada), "balance")).as("500 less a fifth").isEqualTo(400);
    // deliveries are signed at real time
    assertThat(client.post("api/admin/clock/reset", ADMIN, null).status()).isLessThan(300);

    created(spend(t, t.apiKey(), ada, 100, "k-" + UUID.randomUUID()));
    Map<String, Object> d = dispute(session, 3600);
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.created", d));
    JsonObject frozen = awaitBalance(t, ada, b -> num(b, "frozen") == 300, "what is left frozen");
    assertThat(num(frozen, "balance")).isZero();
    d.put("status", "lost");
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.closed", d));
    // lost: the 400 not yet clawed back go, the 300 frozen and 100 the user had spent
    JsonObject lost = awaitBalance(t, ada, b -> num(b, "frozen") == 0, "clawed back");
    assertThat(num(lost, "balance")).isEqualTo(-100);
    assertThat(lost.getBoolean("negative")).isTrue();
    JsonObject row =
        ok(client.get(path(t, "admin/purchases"), t.apiKey()))
            .getJsonArray("purchases")
            .getJsonObject(0);
    assertThat(num(row, "clawedBack")).isEqualTo(500);
    assertLedgerBalanced(t);
  }

  @Test
  void spendsRacingADisputeNeverTakeTheUserBelowZero() {
    TestTenant t = client.onboard(ADMIN, ID);
    String ada = user(t);
    String session = paidByHand(t, ada, "medium"); // 500
    Map<String, Object> d = dispute(session, 4500);
    Map<String, Object> opened = PaymentEventsIT.event("charge.dispute.created", d);
    List<Reply> replies =
        Concurrently.run(
            61,
            10,
            i ->
                i == 5
                    ? WebhookIntakeIT.deliverSigned(base, t, Jsons.write(opened))
                    : spend(t, t.apiKey(), ada, 5, "race-" + i));
    awaitEvent(t, (String) opened.get("id"), e -> e.getString("status").equals("completed"));
    long spent = 5 * replies.stream().filter(r -> r.status() == 201).count();
    JsonObject b = balance(t, ada);
    assertThat(num(b, "balance")).as("the freeze took all the user held").isZero();
    assertThat(num(b, "frozen")).isEqualTo(500 - spent);
    d.put("status", "won");
    deliverByHand(t, PaymentEventsIT.event("charge.dispute.closed", d));
    JsonObject won = awaitBalance(t, ada, x -> num(x, "frozen") == 0, "released");
    assertThat(num(won, "balance")).isEqualTo(500 - spent);
    assertLedgerBalanced(t);
  }

  /** The session's expiry as Plinth hears of it, while the simulator keeps the session payable. */
  void releasedButPayable(TestTenant t, String session) {
    Map<String, Object> s = new LinkedHashMap<>(sim.object(session).orElseThrow());
    s.put("status", "expired");
    Map<String, Object> expired = PaymentEventsIT.event("checkout.session.expired", s);
    deliverByHand(t, expired);
    awaitEvent(t, (String) expired.get("id"), e -> e.getString("status").equals("completed"));
  }

  JsonObject purchaseRow(TestTenant t, String session) {
    return ok(client.get(path(t, "admin/purchases"), t.apiKey())).getJsonArray("purchases").stream()
        .map(JsonValue::asJsonObject)
        .filter(r -> session.equals(r.getString("checkoutSessionId", null)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aPurchasePaidAfterItsReservationWentBackIsReservedAgainOrRefunded() throws Exception {
    TestTenant t = onboard(ID);
    setCapacity(t, 200);
    String ada = user(t);
    String first = created(purchase(t, t.apiKey(), ada, "small")).getString("sessionId");
    releasedButPayable(t, first);
    assertThat(num(capacity(t), "available")).isEqualTo(200);
    pay(t, first);
    awaitBalance(t, ada, b -> num(b, "balance") == 100, "credited from the capacity again");
    assertThat(purchaseRow(t, first).getString("status")).isEqualTo("paid");
    assertThat(num(capacity(t), "available")).isEqualTo(100);

    // paid once the capacity is gone: refunded in full, never credited
    String bob = user(t);
    String late = created(purchase(t, t.apiKey(), bob, "small")).getString("sessionId");
    releasedButPayable(t, late);
    created(purchase(t, t.apiKey(), user(t), "small")); // the last 100
    pay(t, late);
    JsonObject row = purchaseRow(t, late);
    assertThat(row.getString("status")).isEqualTo("unfilled");
    String charge =
        (String) sim.object(row.getString("paymentIntentId")).orElseThrow().get("latest_charge");
    assertThat(sim.object(charge).orElseThrow().get("refunded")).isEqualTo(true);
    assertThat(num(balance(t, bob), "balance")).isZero();
    assertThat(
            ok(client.get(path(t, "users/" + bob + "/purchases/by-session/" + late), t.apiKey()))
                .getString("status"))
        .isEqualTo("unfilled");
    JsonObject c = capacity(t);
    assertThat(num(c, "available")).isZero();
    assertThat(num(c, "sold")).isEqualTo(100);
    assertThat(num(c, "reserved")).isEqualTo(100);
    assertThat(outbox(t, "credits.unfilled")).isEqualTo("1");
    // the refund's own event changes nothing more
    Poll.until(
        () ->
            Db.ownerQuery(
                "SELECT status FROM core.payments WHERE payment_intent_id = ?",
                row.getString("paymentIntentId")),
        "refunded"::equals,
        "the refund recorded");
    assertThat(num(balance(t, bob), "balance")).isZero();
    assertLedgerBalanced(t);

    // the purchase log, a page at a time: each of the 3 purchases once
    JsonObject logPage1 = ok(client.get(path(t, "admin/purchases?limit=2"), t.apiKey()));
    JsonObject logPage2 =
        ok(
            client.get(
                path(
                    t,
                    "admin/purchases?limit=2&before="
                        + logPage1.getString("nextBefore").replace("+", "%2B")),
                t.apiKey()));
    assertThat(logPage2.isNull("nextBefore")).isTrue();
    List<String> ids = new java.util.ArrayList<>();
    for (JsonObject pg : List.of(logPage1, logPage2)) {
      pg.getJsonArray("purchases").forEach(r -> ids.add(r.asJsonObject().getString("id")));
    }
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();

    // the console's panel shows the capacity
    JsonObject panel =
        ok(client.get("api/tenants/" + t.slug() + "/panels", t.apiKey()))
            .getJsonArray("panels")
            .getJsonObject(0);
    assertThat(panel.getString("id")).isEqualTo("credits");
    Map<String, Long> figures = new LinkedHashMap<>();
    panel
        .getJsonArray("figures")
        .forEach(
            f ->
                figures.put(
                    f.asJsonObject().getString("label"),
                    f.asJsonObject().getJsonNumber("value").longValue()));
    assertThat(figures)
        .containsEntry("Capacity", 200L)
        .containsEntry("Available", 0L)
        .containsEntry("Reserved", 100L)
        .containsEntry("Sold", 100L)
        .containsEntry("Spent", 0L);
  }

  @Test
  void aDeclinedCardKeepsTheReservationAndTellsTheOwnerOnce() throws Exception {
    TestTenant t = client.onboard(ADMIN, ID);
    String ada = user(t);
    JsonObject started = created(purchase(t, t.apiKey(), ada, "small"));
    Map<String, Object> pi = Fixtures.of("payment_intent");
    pi.put("id", "pi_1" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    pi.put("status", "requires_payment_method");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("plinth_tenant", t.slug());
    metadata.put("plinth_vertical", ID);
    metadata.put("plinth_reference", started.getString("purchaseId"));
    pi.put("metadata", metadata);
    pi.put("last_payment_error", Map.of("message", "Your card was declined."));
    Map<String, Object> declined = PaymentEventsIT.event("payment_intent.payment_failed", pi);
    deliverByHand(t, declined);
    deliverByHand(t, declined);
    JsonArray failed =
        Poll.until(
            () ->
                ok(client.get(path(t, "admin/failed-payments"), t.apiKey()))
                    .getJsonArray("payments"),
            p -> !p.isEmpty(),
            "the failure recorded");
    assertThat(failed).hasSize(1);
    assertThat(failed.getJsonObject(0).getString("userRef")).isEqualTo(ada);
    assertThat(failed.getJsonObject(0).getString("message")).isEqualTo("Your card was declined.");
    assertThat(num(capacity(t), "reserved")).as("the session is still payable").isEqualTo(100);
    assertThat(outbox(t, "credits.payment_failed")).isEqualTo("1");
  }

  @Test
  void aCheckoutStripeRefusesGivesItsReservationBack() {
    TestTenant t = onboard(ID);
    setCapacity(t, 100);
    String ada = user(t);
    String key = dev.plinth.testkit.PlinthClient.keyOf(t.slug());
    sim.fail(key, 500);
    try {
      assertError(purchase(t, t.apiKey(), ada, "small"), 502, "stripe_error", null);
    } finally {
      sim.heal(key);
    }
    JsonObject c = capacity(t);
    assertThat(num(c, "available")).isEqualTo(100);
    assertThat(num(c, "reserved")).isZero();
    buy(t, ada, "small");
    assertLedgerBalanced(t);
  }

  @Test
  void aFailedDelayedPaymentReleasesTheReservationAndTellsTheOwner() throws Exception {
    TestTenant t = onboard(ID);
    setCapacity(t, 100);
    String ada = user(t);
    String session = created(purchase(t, t.apiKey(), ada, "small")).getString("sessionId");
    awaitProcessed(t, sim.payLater(session, Delivery.normal()));
    assertThat(num(capacity(t), "reserved")).as("awaiting the bank").isEqualTo(100);
    awaitProcessed(t, sim.settle(session, false, Delivery.normal().copies(2)));
    JsonObject c = capacity(t);
    assertThat(num(c, "available")).isEqualTo(100);
    assertThat(num(c, "reserved")).isZero();
    assertThat(num(balance(t, ada), "balance")).isZero();
    assertThat(outbox(t, "credits.payment_failed"))
        .as("once, from the declined payment")
        .isEqualTo("1");
    assertThat(
            ok(client.get(path(t, "admin/failed-payments"), t.apiKey())).getJsonArray("payments"))
        .hasSize(1);
    assertLedgerBalanced(t);
  }

  @Test
  void theOwnerHearsOnceWhenTheCapacityFallsBelowTheThreshold() throws Exception {
    TestTenant t = onboard(ID);
    setCapacity(t, 600);
    String ada = user(t);
    created(purchase(t, t.apiKey(), ada, "small")); // 500 left: not below 500
    assertThat(outbox(t, "credits.low_capacity")).isEqualTo("0");
    created(purchase(t, t.apiKey(), ada, "small")); // 400
    created(purchase(t, t.apiKey(), ada, "small")); // 300
    assertThat(outbox(t, "credits.low_capacity")).isEqualTo("1");
    // a fourth unpaid purchase of one user is refused: no one user reserves the capacity away
    JsonObject tooMany =
        assertError(purchase(t, t.apiKey(), ada, "small"), 409, "too_many_open_purchases", null);
    assertThat(num(tooMany, "open")).isEqualTo(3);
    assertThat(num(capacity(t), "available")).isEqualTo(300);
    created(purchase(t, t.apiKey(), user(t), "small"));
  }

  @Test
  void randomPurchasesSpendsAndRefundsKeepTheLedgerBalanced() {
    TestTenant t = onboard(ID);
    String ada = user(t);
    Random random = new Random(1313);
    long expected = 0;
    List<String> codes = List.of("small", "medium");
    List<Long> credits = List.of(100L, 500L);
    List<Long> prices = List.of(1000L, 4500L);
    int refunded = 0;
    for (int step = 0; step < 14; step++) {
      int what = step == 0 ? 0 : random.nextInt(3);
      if (what == 0) {
        int p = random.nextInt(2);
        buy(t, ada, codes.get(p));
        expected += credits.get(p);
      } else if (what == 1) {
        long n = 1 + random.nextInt(300);
        Reply r = spend(t, t.apiKey(), ada, n, "k-" + UUID.randomUUID());
        if (expected >= n) {
          assertThat(r.status()).as(r.body()).isEqualTo(201);
          expected -= n;
        } else {
          assertError(r, 402, "insufficient_credits", null);
        }
      } else if (refunded == 0) {
        // a partial refund of the first purchase, a third of its price
        String first = firstPaymentOf(t);
        long price = priceOf(t, first);
        long credited = price == 1000L ? 100 : 500;
        long amount = price / 3;
        assertThat(
                client
                    .post(
                        "api/t/" + t.slug() + "/payments/" + first + "/refund",
                        t.apiKey(),
                        json("amount", amount))
                    .status())
            .isEqualTo(201);
        expected -= credited * amount / price;
        long want = expected;
        awaitBalance(t, ada, b -> num(b, "balance") == want, "the refund clawed back");
        refunded++;
      }
      assertThat(num(balance(t, ada), "balance")).as("step %d", step).isEqualTo(expected);
      assertLedgerBalanced(t);
    }
  }

  /** The tenant's oldest payment. */
  String firstPaymentOf(TestTenant t) {
    JsonArray payments =
        client.get("api/t/" + t.slug() + "/payments", t.apiKey()).json().getJsonArray("payments");
    return payments.getJsonObject(payments.size() - 1).getString("id");
  }

  long priceOf(TestTenant t, String paymentId) {
    return client
        .get("api/t/" + t.slug() + "/payments", t.apiKey())
        .json()
        .getJsonArray("payments")
        .stream()
        .map(v -> v.asJsonObject())
        .filter(p -> p.getString("id").equals(paymentId))
        .findFirst()
        .orElseThrow()
        .getJsonNumber("amount")
        .longValue();
  }

  @Test
  void tenantsAreIsolated() {
    TestTenant a = onboard(ID);
    TestTenant b = onboard(ID);
    String ada = userRef();
    endUser(a, ada, ada + "@example.com");
    endUser(b, ada, ada + "@example.com");
    buy(a, ada, "small");
    assertThat(num(balance(b, ada), "balance")).isZero();
    assertThat(balance(b, ada).getJsonArray("entries")).isEmpty();
    assertThat(num(capacity(b), "sold")).isZero();
    assertThat(num(capacity(a), "sold")).isEqualTo(100);
    // the same idempotency key in two tenants is two spends
    created(spend(a, a.apiKey(), ada, 10, "shared-key"));
    assertError(spend(b, b.apiKey(), ada, 10, "shared-key"), 402, "insufficient_credits", null);
    // one tenant's key is nothing on the other's paths: the other tenant is not even named
    assertError(client.get(path(b, "capacity"), a.apiKey()), 404, "not_found", null);
    assertError(
        client.get(path(b, "users/" + ada + "/balance"), a.apiKey()), 404, "not_found", null);
    assertThat(
            ok(client.get(path(b, "admin/analytics"), b.apiKey()))
                .getJsonNumber("purchases")
                .longValue())
        .isZero();
  }

  @Test
  void aUsersTokenReachesOnlyItsOwnCredits() {
    TestTenant t = onboard(ID);
    String ada = userRef();
    String bo = userRef();
    String adaToken = endUser(t, ada, ada + "@example.com");
    endUser(t, bo, bo + "@example.com");
    assertThat(ok(client.get(path(t, "users/" + ada + "/balance"), adaToken)).getString("userRef"))
        .isEqualTo(ada);
    assertError(client.get(path(t, "users/" + bo + "/balance"), adaToken), 404, "not_found", null);
    assertError(purchase(t, adaToken, bo, "small"), 404, "not_found", null);
    assertError(spend(t, adaToken, bo, 1, "k-1"), 404, "not_found", null);
    created(purchase(t, adaToken, ada, "small"));
    assertError(client.get(path(t, "users/" + ada + "/balance"), null), 401, "unauthorized", null);
    assertError(client.get(path(t, "capacity"), adaToken), 401, "unauthorized", null);
    assertError(
        client.post(
            path(t, "packages"),
            adaToken,
            json("code", "x", "name", "X", "credits", 1, "priceAmount", 100)),
        401,
        "unauthorized",
        null);
    // unknown users and packages
    assertError(client.get(path(t, "users/nobody/balance"), t.apiKey()), 404, "not_found", null);
    assertError(purchase(t, t.apiKey(), ada, "huge"), 400, "invalid_request", "packageCode");
  }

  @Test
  void theTenantManagesItsPackagesAndRetiredOnesStay() {
    TestTenant t = onboard(ID);
    JsonObject added =
        created(
            client.post(
                path(t, "packages"),
                t.apiKey(),
                json(
                    "code",
                    "huge",
                    "name",
                    "10,000 credits",
                    "credits",
                    10000,
                    "priceAmount",
                    70000)));
    assertThat(num(added, "credits")).isEqualTo(10000);
    assertError(
        client.post(
            path(t, "packages"),
            t.apiKey(),
            json("code", "huge", "name", "Again", "credits", 1, "priceAmount", 100)),
        409,
        "package_exists",
        null);
    assertError(
        client.post(
            path(t, "packages"),
            t.apiKey(),
            json("code", "Bad Code", "name", "X", "credits", 1, "priceAmount", 100)),
        400,
        "invalid_request",
        "code");
    ok(
        client.put(
            path(t, "packages/small"),
            t.apiKey(),
            json("name", "100 credits", "credits", 100, "priceAmount", 1000, "active", false)));
    JsonArray all = ok(client.get(path(t, "packages"), null)).getJsonArray("packages");
    assertThat(all.stream().map(p -> p.asJsonObject().getString("code")))
        .containsExactly("small", "medium", "large", "huge");
    assertThat(all.getJsonObject(0).getBoolean("active")).isFalse();
    String ada = user(t);
    assertError(purchase(t, t.apiKey(), ada, "small"), 400, "invalid_request", "packageCode");
    assertError(
        client.put(
            path(t, "packages/none"),
            t.apiKey(),
            json("name", "X", "credits", 1, "priceAmount", 100, "active", true)),
        404,
        "not_found",
        null);
  }
}
