package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.testkit.Concurrently;
import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reservations vertical on a real Liberty and PostgreSQL, with Stripe played by the simulator:
 * items, race-proof deposits, every webhook path, expiry racing a late payment, refunds, sales, the
 * portal, notifications and isolation.
 */
class ReservationsIT extends ItBase {

  /** A reservations tenant whose webhook endpoint is registered with the simulator. */
  TestTenant tenant() {
    return stripeTenant("reservations");
  }

  static String path(TestTenant t, String rest) {
    return "api/t/" + t.slug() + "/reservations/" + rest;
  }

  static String item(String name, long price, long deposit) {
    return "{\"name\":\""
        + name
        + "\",\"description\":\"Golden retriever, 9 weeks\",\"priceAmount\":"
        + price
        + ",\"depositAmount\":"
        + deposit
        + ",\"currency\":\"usd\"}";
  }

  String newItem(TestTenant t) {
    Reply r =
        client.post(
            path(t, "items"), t.apiKey(), item("Puppy " + UUID.randomUUID(), 150000, 25000));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  static String customer(String email) {
    return "{\"email\":\"" + email + "\",\"name\":\"Ann Buyer\",\"phone\":\"+1 555 0100\"}";
  }

  Reply deposit(TestTenant t, String itemId, String email) {
    return client.postFrom(
        "10.0.0." + Math.abs(email.hashCode() % 250),
        path(t, "items/" + itemId + "/deposit"),
        null,
        customer(email));
  }

  JsonObject started(TestTenant t, String itemId, String email) {
    Reply r = deposit(t, itemId, email);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  String itemStatus(TestTenant t, String itemId) {
    return client.get(path(t, "items/" + itemId), null).json().getString("status");
  }

  String reservationStatus(TestTenant t, String sessionId) {
    Reply r = client.get(path(t, "portal?session_id=" + sessionId), null);
    return r.status() == 200 ? r.json().getJsonObject("reservation").getString("status") : null;
  }

  String awaitReservation(TestTenant t, String sessionId, String status) {
    return Poll.until(
        () -> reservationStatus(t, sessionId), status::equals, "reservation " + status);
  }

  static String email() {
    return "buyer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  @Test
  void itemsAreCheckedByTheApiAndByTheDatabase() throws Exception {
    TestTenant t = tenant();
    assertError(
        client.post(path(t, "items"), t.apiKey(), item("Rex", 1000, 2000)),
        400,
        "invalid_request",
        "depositAmount");
    assertError(
        client.post(path(t, "items"), t.apiKey(), item("Rex", 1000, 0)),
        400,
        "invalid_request",
        "depositAmount");
    assertError(
        client.post(
            path(t, "items"),
            t.apiKey(),
            "{\"name\":\"Rex\",\"priceAmount\":\"1000\",\"depositAmount\":100,\"currency\":\"usd\"}"),
        400,
        "invalid_request",
        "priceAmount");
    assertError(
        client.post(
            path(t, "items"),
            t.apiKey(),
            "{\"name\":\"Rex\",\"priceAmount\":1000,\"depositAmount\":100,\"currency\":\"dollars\"}"),
        400,
        "invalid_request",
        "currency");
    assertError(
        client.post(path(t, "items"), t.apiKey(), "{\"name\":"), 400, "malformed_json", null);
    assertError(
        client.post(path(t, "items"), null, item("Rex", 1000, 100)), 401, "unauthorized", null);

    String id = newItem(t);
    Reply updated = client.put(path(t, "items/" + id), t.apiKey(), item("Rex", 90000, 10000));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().getString("name")).isEqualTo("Rex");
    // anyone may look, with no key
    JsonObject seen = client.get(path(t, "items/" + id), null).json();
    assertThat(seen.getJsonNumber("depositAmount").longValue()).isEqualTo(10000);
    assertThat(seen.getString("status")).isEqualTo("available");
    assertThat(client.get(path(t, "items"), null).json().getJsonArray("items")).hasSize(1);
    assertError(client.get(path(t, "items/" + UUID.randomUUID()), null), 404, "not_found", null);

    // the database refuses a deposit above the price even when the API is bypassed
    try (Connection c = Db.owner();
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "UPDATE reservations.items SET deposit_amount = price_amount + 1"
                          + " WHERE id = '"
                          + id
                          + "'"))
          .hasMessageContaining("items_deposit_within_price");
    }
  }

  @Test
  void twoHundredCustomersAtOnceOneWinsAndOneSessionIsMade() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String account = StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()));
    List<Reply> replies =
        Concurrently.run(
            200,
            100,
            n ->
                client.postFrom(
                    "10.1." + (n / 200) + "." + (n % 200),
                    path(t, "items/" + id + "/deposit"),
                    null,
                    customer("racer-" + n + "-" + t.slug() + "@example.com")));
    assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
    assertThat(replies).filteredOn(r -> r.status() == 409).hasSize(199);
    assertThat(replies)
        .filteredOn(r -> r.status() == 409)
        .allSatisfy(
            r ->
                assertThat(r.json().getString("error"))
                    .isIn("item_unavailable", "race_condition_lost"));
    assertThat(
            sim.count(
                q ->
                    account.equals(q.account())
                        && q.path().equals("/v1/checkout/sessions")
                        && q.method().equals("POST")
                        && q.status() == 200))
        .isEqualTo(1);
    List<JsonObject> reservations = reservations(t, "");
    assertThat(reservations).hasSize(1);
    assertThat(reservations.get(0).getString("status")).isEqualTo("pending");
    assertThat(itemStatus(t, id)).isEqualTo("held");
  }

  @Test
  void aLosingDepositIsRefusedAsBeforeAndWritesNothing() throws Exception {
    TestTenant t = tenant();
    TestTenant other = tenant();
    String id = newItem(t);
    String account = StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()));
    started(t, id, email());
    String before = rowState(id);
    assertThat(before).isNotNull();

    Reply lost = deposit(t, id, email());
    assertError(lost, 409, "item_unavailable", null);
    assertThat(lost.json().getString("message")).isEqualTo("this item is held, not available");
    // nothing written: the item row is the same version, one reservation, one Checkout Session
    assertThat(rowState(id)).isEqualTo(before);
    assertThat(reservations(t, "")).hasSize(1);
    assertThat(
            sim.count(
                q ->
                    account.equals(q.account())
                        && q.path().equals("/v1/checkout/sessions")
                        && q.method().equals("POST")))
        .isEqualTo(1);

    // another tenant's deposit on this item id never sees its state: not found, as before
    assertError(deposit(other, id, email()), 404, "not_found", null);
    assertThat(rowState(id)).isEqualTo(before);
    assertThat(reservations(other, "")).isEmpty();

    // the other tenant's own item is still read as available and taken
    String theirs = newItem(other);
    started(other, theirs, email());
    assertThat(itemStatus(other, theirs)).isEqualTo("held");
  }

  /** The item row's version and status, as the database owner sees it. */
  static String rowState(String itemId) throws Exception {
    return Db.ownerQuery(
        "SELECT xmin::text || ':' || status || ':' || updated_at::text FROM reservations.items"
            + " WHERE id = ?::uuid",
        itemId);
  }

  List<JsonObject> reservations(TestTenant t, String status) {
    return client
        .get(path(t, "reservations" + (status.isEmpty() ? "" : "?status=" + status)), t.apiKey())
        .json()
        .getJsonArray("reservations")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  @Test
  void aPaidDepositReservesTheItemOnceAndNotifiesOwnerAndCustomer() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String buyer = email();
    JsonObject s = started(t, id, buyer);
    String sessionId = s.getString("sessionId");
    assertThat(s.getString("url")).isEqualTo(sim.baseUrl() + "/pay/" + sessionId);
    assertThat(reservationStatus(t, sessionId)).isEqualTo("pending");
    assertThat(itemStatus(t, id)).isEqualTo("held");
    // the same customer cannot hold a second item meanwhile
    assertError(deposit(t, newItem(t), buyer), 409, "hold_exists", null);
    // nor can anyone take this one
    assertError(deposit(t, id, email()), 409, "item_unavailable", null);

    List<Map<String, Object>> events = sim.pay(sessionId, Delivery.normal().copies(3).reversed());
    awaitReservation(t, sessionId, "confirmed");
    assertThat(itemStatus(t, id)).isEqualTo("reserved");
    JsonObject portal = client.get(path(t, "portal?session_id=" + sessionId), null).json();
    assertThat(portal.getJsonObject("reservation").getJsonNumber("depositAmount").longValue())
        .isEqualTo(25000);
    assertThat(portal.getJsonObject("reservation").getJsonObject("item").getString("id"))
        .isEqualTo(id);

    // duplicates and a late replay of the completion change nothing
    sim.redeliver((String) events.get(events.size() - 1).get("id"), Delivery.normal().copies(2));
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
    Poll.until(
        () -> notifications(t),
        n ->
            n.equals(
                List.of("reservation.confirmed.customer:sent", "reservation.confirmed.owner:sent")),
        "two notifications, sent");
    assertThat(reservationStatus(t, sessionId)).isEqualTo("confirmed");

    JsonObject summary = client.get(path(t, "items/" + id + "/summary"), t.apiKey()).json();
    assertThat(summary.getJsonObject("reservations").getInt("confirmed")).isEqualTo(1);
    assertThat(summary.getJsonObject("depositsTaken").getJsonNumber("amount").longValue())
        .isEqualTo(25000);

    // the tenant sells it
    Reply sold = client.post(path(t, "items/" + id + "/sell"), t.apiKey(), null);
    assertThat(sold.status()).as(sold.body()).isEqualTo(200);
    assertThat(sold.json().getString("status")).isEqualTo("sold");
    assertThat(reservationStatus(t, sessionId)).isEqualTo("completed");
    assertError(
        client.post(path(t, "items/" + id + "/sell"), t.apiKey(), null),
        409,
        "item_not_reserved",
        null);
  }

  /** The tenant's notifications, as {@code kind:status}, sorted. */
  static List<String> notifications(TestTenant t) throws Exception {
    String joined =
        Db.ownerQuery(
            "SELECT string_agg(n.kind || ':' || n.status, ',' ORDER BY n.kind) FROM core.notifications n"
                + " JOIN core.tenants t ON t.id = n.tenant_id WHERE t.slug = ?",
            t.slug());
    return joined == null ? List.of() : List.of(joined.split(","));
  }

  @Test
  void aDelayedPaymentWaitsAndAFailedOneReleasesTheItem() throws Exception {
    TestTenant t = tenant();
    String ok = newItem(t);
    String okSession = started(t, ok, email()).getString("sessionId");
    sim.payLater(okSession, Delivery.normal());
    StripeFlowIT.awaitSession(okSession, "complete/unpaid");
    assertThat(reservationStatus(t, okSession)).isEqualTo("pending");
    assertThat(itemStatus(t, ok)).isEqualTo("held");
    sim.settle(okSession, true, Delivery.normal());
    awaitReservation(t, okSession, "confirmed");
    assertThat(itemStatus(t, ok)).isEqualTo("reserved");

    String bad = newItem(t);
    String badSession = started(t, bad, email()).getString("sessionId");
    sim.payLater(badSession, Delivery.normal());
    sim.settle(badSession, false, Delivery.normal());
    awaitReservation(t, badSession, "failed");
    assertThat(itemStatus(t, bad)).isEqualTo("available");
  }

  @Test
  void anExpiredSessionFreesTheItemForTheNextCustomer() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String first = started(t, id, email()).getString("sessionId");
    sim.expire(first, Delivery.normal().copies(2));
    awaitReservation(t, first, "expired");
    assertThat(itemStatus(t, id)).isEqualTo("available");
    String second = started(t, id, email()).getString("sessionId");
    assertThat(second).isNotEqualTo(first);
    assertThat(reservations(t, "pending")).hasSize(1);
  }

  @Test
  void aPaymentAfterTheHoldExpiredIsRefundedWhenSomeoneElseHoldsTheItem() throws Exception {
    TestTenant t = tenant();
    String key = PlinthClient.keyOf(t.slug());
    String id = newItem(t);
    String late = started(t, id, email()).getString("sessionId");

    // the hold runs out; the job expires it, while Stripe cannot be reached to expire the session
    client.post("api/admin/clock/advance?seconds=" + 31 * 60, ADMIN, null);
    sim.fail(key, 0);
    try {
      runJob("reservations", "expire-holds");
    } finally {
      sim.heal(key);
      client.post("api/admin/clock/reset", ADMIN, null);
    }
    assertThat(reservationStatus(t, late)).isEqualTo("expired");
    assertThat(itemStatus(t, id)).isEqualTo("available");

    // someone else takes the item, then the first customer's payment goes through after all
    String next = started(t, id, email()).getString("sessionId");
    List<Map<String, Object>> paid = sim.pay(late, Delivery.normal());
    awaitReservation(t, late, "refunded_conflict");
    assertThat(reservationStatus(t, next)).isEqualTo("pending");
    assertThat(itemStatus(t, id)).isEqualTo("held");
    String paymentIntent = (String) sim.object(late).orElseThrow().get("payment_intent");
    assertThat(
            sim.count(
                q ->
                    q.path().equals("/v1/refunds")
                        && q.status() == 200
                        && !q.replayed()
                        && StripeSimulator.accountOf(key).equals(q.account())))
        .isEqualTo(1);
    assertThat(sim.object(paymentIntent).orElseThrow().get("latest_charge")).isNotNull();
    // the same completion again refunds nothing more
    sim.redeliver((String) paid.get(paid.size() - 1).get("id"), Delivery.normal());
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
    assertThat(client.get("api/t/" + t.slug() + "/errors", t.apiKey()).body())
        .contains("paid after its hold ended");
    assertThat(reservations(t, ""))
        .filteredOn(r -> r.getString("status").equals("pending"))
        .hasSize(1);
  }

  /** Refunds made at the simulator with this tenant's key, replays of a request left out. */
  long refundsAtStripe(TestTenant t) {
    String account = StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()));
    return sim.count(
        q ->
            q.path().equals("/v1/refunds")
                && q.status() == 200
                && !q.replayed()
                && account.equals(q.account()));
  }

  @Test
  void aPaymentOfAnotherAmountOrCurrencyConfirmsNothingAndIsRefunded() throws Exception {
    TestTenant t = tenant();
    String cheap = newItem(t);
    String cheapSession = started(t, cheap, email()).getString("sessionId");
    List<Map<String, Object>> paid = sim.payAltered(cheapSession, 100, "usd", Delivery.normal());
    awaitReservation(t, cheapSession, "amount_mismatch");
    assertThat(itemStatus(t, cheap)).isEqualTo("available");
    assertThat(refundsAtStripe(t)).isEqualTo(1);
    String paymentIntent = (String) sim.object(cheapSession).orElseThrow().get("payment_intent");
    String charge = (String) sim.object(paymentIntent).orElseThrow().get("latest_charge");
    assertThat(sim.object(charge).orElseThrow().get("amount_refunded")).isEqualTo(100L);
    JsonObject logged =
        client
            .get("api/t/" + t.slug() + "/errors", t.apiKey())
            .json()
            .getJsonArray("errors")
            .stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("message").contains(cheapSession))
            .findFirst()
            .orElseThrow();
    assertThat(logged.getString("severity")).isEqualTo("warning");
    assertThat(logged.getString("message")).contains("paid 100 usd").contains("is 25000 usd");

    // the same completion, delivered again and replayed by an admin (so that the handler runs
    // again), refunds nothing more and confirms nothing
    String completion = (String) paid.get(paid.size() - 1).get("id");
    sim.redeliver(completion, Delivery.normal().copies(2));
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
    String row =
        Db.ownerQuery("SELECT id::text FROM core.webhook_events WHERE event_id = ?", completion);
    int attempts =
        client.get("api/admin/webhooks/" + row, ADMIN).json().getJsonArray("attempts").size();
    Reply replay = client.post("api/admin/webhooks/" + row + "/replay", ADMIN, null);
    assertThat(replay.status()).as(replay.body()).isEqualTo(200);
    JsonObject replayed =
        Poll.until(
            () -> client.get("api/admin/webhooks/" + row, ADMIN).json(),
            e -> e.getJsonArray("attempts").size() > attempts && WebhookAdminIT.settled(e),
            "the completion replayed");
    assertThat(replayed.getString("status")).isEqualTo("completed");
    assertThat(reservationStatus(t, cheapSession)).isEqualTo("amount_mismatch");
    assertThat(refundsAtStripe(t)).isEqualTo(1);
    assertThat(notifications(t)).isEmpty();
    // and the next customer can take the item
    started(t, cheap, email());

    // the right amount in another currency is no deposit either
    String euro = newItem(t);
    String euroSession = started(t, euro, email()).getString("sessionId");
    sim.payAltered(euroSession, 25000, "eur", Delivery.normal());
    awaitReservation(t, euroSession, "amount_mismatch");
    assertThat(itemStatus(t, euro)).isEqualTo("available");
    assertThat(refundsAtStripe(t)).isEqualTo(2);
  }

  @Test
  void aLatePaymentWinsTheItemWhenNobodyElseTookIt() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String session = started(t, id, email()).getString("sessionId");
    client.post("api/admin/clock/advance?seconds=" + 31 * 60, ADMIN, null);
    sim.fail(PlinthClient.keyOf(t.slug()), 0);
    try {
      runJob("reservations", "expire-holds");
    } finally {
      sim.heal(PlinthClient.keyOf(t.slug()));
      client.post("api/admin/clock/reset", ADMIN, null);
    }
    assertThat(reservationStatus(t, session)).isEqualTo("expired");
    sim.pay(session, Delivery.normal());
    awaitReservation(t, session, "confirmed");
    assertThat(itemStatus(t, id)).isEqualTo("reserved");
  }

  @Test
  void theExpiryJobExpiresTheStripeSessionToo() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String session = started(t, id, email()).getString("sessionId");
    client.post("api/admin/clock/advance?seconds=" + 31 * 60, ADMIN, null);
    try {
      runJob("reservations", "expire-holds");
    } finally {
      client.post("api/admin/clock/reset", ADMIN, null);
    }
    assertThat(reservationStatus(t, session)).isEqualTo("expired");
    assertThat(itemStatus(t, id)).isEqualTo("available");
    assertThat(sim.object(session).orElseThrow().get("status")).isEqualTo("expired");
    // Stripe's expired event arrives after the job: nothing changes
    Poll.until(
        () ->
            Db.ownerQuery(
                "SELECT status FROM core.checkout_sessions WHERE stripe_session_id = ?", session),
        "expired"::equals,
        "the expired event processed");
    assertThat(reservationStatus(t, session)).isEqualTo("expired");
  }

  @Test
  void onlyAnAdminSeesAndRunsTheJobs() {
    TestTenant t = tenant();
    JsonObject listed = client.get("api/admin/jobs", ADMIN).json();
    assertThat(listed.getJsonArray("jobs").toString())
        .contains("\"vertical\":\"reservations\"")
        .contains("\"name\":\"expire-holds\"")
        .contains("\"everySeconds\":3600");
    assertError(client.get("api/admin/jobs", t.apiKey()), 401, "unauthorized", null);
    assertError(
        client.post("api/admin/jobs/reservations/expire-holds", t.apiKey(), null),
        401,
        "unauthorized",
        null);
    assertError(
        client.post("api/admin/jobs/reservations/nope", ADMIN, null), 404, "not_found", null);
  }

  @Test
  void aFullRefundEndsTheReservationAndFreesTheItem() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String session = started(t, id, email()).getString("sessionId");
    sim.pay(session);
    awaitReservation(t, session, "confirmed");
    refundInFull(t);
    awaitReservation(t, session, "refunded");
    assertThat(itemStatus(t, id)).isEqualTo("available");
  }

  @Test
  void aRefundWhoseEventArrivesBeforeThePaymentsFreesTheItem() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String session = started(t, id, email()).getString("sessionId");
    List<Map<String, Object>> paid = sim.pay(session, Delivery.none());
    refundAtStripe(t, (String) sim.object(session).orElseThrow().get("payment_intent"));
    sim.redeliver((String) paid.get(paid.size() - 1).get("id"), Delivery.normal());
    awaitReservation(t, session, "refunded");
    assertThat(itemStatus(t, id)).isEqualTo("available");
  }

  @Test
  void aDelayedPaymentKeepsItsHoldPastTheHoldTime() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    String session = started(t, id, email()).getString("sessionId");
    sim.payLater(session, Delivery.normal());
    StripeFlowIT.awaitSession(session, "complete/unpaid");
    client.post("api/admin/clock/advance?seconds=" + 31 * 60, ADMIN, null);
    runJob("reservations", "expire-holds");
    client.post("api/admin/clock/reset", ADMIN, null);
    // the bank has days to settle: the hold stands
    assertThat(reservationStatus(t, session)).isEqualTo("pending");
    assertThat(itemStatus(t, id)).isEqualTo("held");
    sim.settle(session, true, Delivery.normal());
    awaitReservation(t, session, "confirmed");
  }

  @Test
  void whenStripeFailsTheHoldIsReleased() throws Exception {
    TestTenant t = tenant();
    String key = PlinthClient.keyOf(t.slug());
    String id = newItem(t);
    sim.fail(key, 500);
    try {
      assertError(deposit(t, id, email()), 502, "stripe_error", null);
    } finally {
      sim.heal(key);
    }
    assertThat(itemStatus(t, id)).isEqualTo("available");
    assertThat(reservations(t, "")).isEmpty();
    started(t, id, email());
  }

  @Test
  void depositsAreValidatedAndRateLimited() throws Exception {
    TestTenant t = tenant();
    String id = newItem(t);
    assertError(
        client.post(
            path(t, "items/" + id + "/deposit"), null, "{\"email\":\"nope\",\"name\":\"A\"}"),
        400,
        "invalid_request",
        "email");
    assertError(
        client.post(path(t, "items/" + id + "/deposit"), null, "{\"email\":\"a@b.example\"}"),
        400,
        "invalid_request",
        "name");
    String client1 = "10.9.9." + (int) (Math.random() * 250);
    int limited = 0;
    for (int i = 0; i < 12; i++) {
      Reply r =
          client.postFrom(
              client1, path(t, "items/" + UUID.randomUUID() + "/deposit"), null, customer(email()));
      if (r.status() == 429) {
        limited++;
        assertThat(r.json().getString("error")).isEqualTo("rate_limited");
        assertThat(r.header("Retry-After")).isPresent();
      } else {
        assertThat(r.status()).isEqualTo(404);
      }
    }
    assertThat(limited).isEqualTo(2);
  }

  @Test
  void oneTenantCannotSeeAnothersItemsOrReservations() throws Exception {
    TestTenant a = tenant();
    TestTenant b = tenant();
    String id = newItem(a);
    String session = started(a, id, email()).getString("sessionId");
    assertError(client.get(path(b, "items/" + id), null), 404, "not_found", null);
    assertThat(client.get(path(b, "items"), null).json().getJsonArray("items")).isEmpty();
    assertThat(reservations(b, "")).isEmpty();
    assertError(client.get(path(b, "portal?session_id=" + session), null), 404, "not_found", null);
    assertError(client.get(path(a, "reservations"), b.apiKey()), 404, "not_found", null);
    assertError(
        client.post(path(b, "items/" + id + "/deposit"), null, customer(email())),
        404,
        "not_found",
        null);
    assertError(
        client.get(path(a, "portal?session_id=cs_test_unknown"), null), 404, "not_found", null);
  }
}
