package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverConcurrently;
import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static dev.plinth.it.WebhookIntakeIT.now;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.Concurrently;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous processing: exactly once, all or nothing, retried on the schedule until dead. */
class WebhookProcessingIT extends ItBase {

  @AfterEach
  void resetClock() {
    client.post("api/admin/clock/reset", ADMIN, null);
  }

  String status(String eventId) throws Exception {
    return Db.ownerQuery("SELECT status FROM core.webhook_events WHERE event_id = ?", eventId);
  }

  String awaitStatus(String eventId, Predicate<String> done) {
    return Poll.until(Duration.ofSeconds(30), () -> status(eventId), done, "event " + eventId);
  }

  @Test
  void fiftyConcurrentDeliveriesProduceOneEffect() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String id = newEventId();
    String payload = event(id, null);
    for (Reply r : deliverConcurrently(base, t, payload, 50)) {
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(awaitStatus(id, s -> s.equals("completed"))).isEqualTo("completed");
    assertThat(notes(t))
        .filteredOn(n -> n.startsWith("paid "))
        .containsExactly("paid cs_test_" + id.substring(4));
    assertThat(
            Db.ownerQuery(
                "SELECT count(*) FROM core.webhook_attempts a JOIN core.webhook_events e"
                    + " ON e.id = a.event_ref WHERE e.event_id = ?",
                id))
        .isEqualTo("1");
  }

  @Test
  void eventsOfOneStripeObjectAreNeverProcessedAtOnce() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    List<String> ids = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      String id = newEventId();
      ids.add(id);
      // three objects, their events interleaved
      payloads.add(
          event(id, null, "probe.object.touched")
              .replace("cs_test_" + id.substring(4), "obj_" + t.slug() + "_" + (i % 3)));
    }
    for (Reply r : Concurrently.run(36, 12, i -> deliverSigned(base, t, payloads.get(i)))) {
      assertThat(r.status()).isEqualTo(200);
    }
    for (String id : ids) {
      assertThat(awaitStatus(id, s -> s.equals("completed"))).isEqualTo("completed");
    }
    JsonObject seen = client.get("api/t/" + t.slug() + "/probe/overlaps", t.apiKey()).json();
    // workers did run side by side (on different objects), and never two on one object
    assertThat(seen.getInt("overall")).isGreaterThan(1);
    assertThat(seen.getInt("sameObject")).isEqualTo(1);
  }

  @Test
  void anUnhandledTypeIsSkipped() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String id = newEventId();
    String payload = event(id, null, "product.created");
    assertThat(deliverSigned(base, t, payload).status()).isEqualTo(200);
    assertThat(awaitStatus(id, s -> !s.equals("pending") && !s.equals("processing")))
        .isEqualTo("skipped");
  }

  @Test
  void aFailingHandlerRollsBackAndRetriesOnTheScheduleUntilDead() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String id = newEventId();
    String payload = event(id, null, "charge.failed");
    assertThat(deliverSigned(base, t, payload).status()).isEqualTo(200);
    awaitStatus(id, s -> s.equals("failed"));
    assertThat(attempts(id)).isEqualTo(1);
    // the retry waits for its time: nothing happens until the clock passes it
    Thread.sleep(600);
    assertThat(attempts(id)).isEqualTo(1);

    for (int attempt = 2; attempt <= 8; attempt++) {
      client.post("api/admin/clock/advance?seconds=" + 11 * 3600, ADMIN, null);
      int expected = attempt;
      Poll.until(() -> attempts(id), n -> n >= expected, "attempt " + expected);
      awaitStatus(id, s -> s.equals("failed") || s.equals("dead"));
    }
    assertThat(awaitStatus(id, s -> s.equals("dead"))).isEqualTo("dead");
    assertThat(attempts(id)).isEqualTo(8);
    assertThat(
            Db.ownerQuery(
                "SELECT string_agg(outcome, ',' ORDER BY attempt) FROM core.webhook_attempts a"
                    + " JOIN core.webhook_events e ON e.id = a.event_ref WHERE e.event_id = ?",
                id))
        .isEqualTo("failed,failed,failed,failed,failed,failed,failed,dead");
    assertThat(notes(t)).doesNotContain("this note must be rolled back");

    var webhooks =
        StartupIT.check(client.get("health/ready", null), "webhooks").getJsonObject("data");
    assertThat(webhooks.getJsonNumber("deadEvents").longValue()).isPositive();
    assertThat(webhooks.getJsonNumber("lagSeconds").longValue()).isZero();

    Reply errors = client.get("api/admin/errors?tenant=" + t.slug(), ADMIN);
    assertThat(errors.body()).contains(id).contains("charge.failed").contains("now dead");
  }

  /**
   * Dead events and a backlog are shared by every instance on the database, so readiness reports
   * them and stays UP: failing it would take every instance out of the load balancer at once.
   */
  @Test
  void readinessReportsDeadEventsAndLagButStaysUp() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String dead = newEventId();
    String stuck = newEventId();
    try (var c = Db.owner();
        var ps =
            c.prepareStatement(
                "INSERT INTO core.webhook_events (id, tenant_id, event_id, event_type,"
                    + " stripe_created, source, payload, status, attempts, next_attempt_at,"
                    + " locked_until, received_at) VALUES (gen_random_uuid(), ?::uuid, ?,"
                    + " 'charge.failed', now(), 'webhook', '{}', ?, 1,"
                    + " now() - interval '2 hours', now() + interval '1 hour',"
                    + " now() - interval '2 hours')")) {
      // one dead event, and one whose claim has held it for two hours past its due time
      for (String[] row : new String[][] {{dead, "dead"}, {stuck, "processing"}}) {
        ps.setString(1, t.json().getString("id"));
        ps.setString(2, row[0]);
        ps.setString(3, row[1]);
        ps.executeUpdate();
      }
    }
    try {
      Reply ready = client.get("health/ready", null);
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      var webhooks = StartupIT.check(ready, "webhooks");
      assertThat(webhooks.getString("status")).isEqualTo("UP");
      assertThat(webhooks.getJsonObject("data").getJsonNumber("deadEvents").longValue())
          .isPositive();
      assertThat(webhooks.getJsonObject("data").getJsonNumber("lagSeconds").longValue())
          .isGreaterThanOrEqualTo(2 * 3600 - 60);
    } finally {
      Db.deleteEvents(dead, stuck);
    }
  }

  @Test
  void anEventClaimedByAWorkerThatDiedIsTakenOverAfterItsLeaseExactlyOnce() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String id = newEventId();
    String tenantId = t.json().getString("id");
    // a worker claimed this event an hour's lease ago and died before finishing it
    try (var c = Db.owner();
        var ps =
            c.prepareStatement(
                "INSERT INTO core.webhook_events (id, tenant_id, event_id, event_type, object_id,"
                    + " stripe_created, source, payload, status, attempts, next_attempt_at,"
                    + " locked_until, claim_token, received_at) VALUES (gen_random_uuid(),"
                    + " ?::uuid, ?, 'checkout.session.completed', ?, now(), 'webhook', ?,"
                    + " 'processing', 1, now(), now() + interval '1 hour', gen_random_uuid(),"
                    + " now())")) {
      ps.setString(1, tenantId);
      ps.setString(2, id);
      ps.setString(3, "cs_test_" + id.substring(4));
      ps.setString(4, event(id, null));
      ps.executeUpdate();
    }
    // while the lease holds, no other worker touches it
    Thread.sleep(600);
    assertThat(status(id)).isEqualTo("processing");

    client.post("api/admin/clock/advance?seconds=" + 2 * 3600, ADMIN, null);
    assertThat(awaitStatus(id, s -> s.equals("completed"))).isEqualTo("completed");
    assertThat(attempts(id)).isEqualTo(2);
    assertThat(notes(t)).filteredOn(n -> n.startsWith("paid ")).hasSize(1);
    // the dead worker's claim is gone: it could not finish the event now
    assertThat(
            Db.ownerQuery(
                "SELECT claim_token::text FROM core.webhook_events WHERE event_id = ?", id))
        .isNull();
  }

  static String sessionEvent(
      String eventId, String type, long created, String sessionId, String status) {
    return "{\"id\":\""
        + eventId
        + "\",\"object\":\"event\",\"created\":"
        + created
        + ",\"type\":\""
        + type
        + "\",\"livemode\":false,\"data\":{\"object\":{\"id\":\""
        + sessionId
        + "\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"status\":\""
        + status
        + "\",\"payment_status\":\""
        + (status.equals("complete") ? "paid" : "unpaid")
        + "\",\"amount_total\":2500,\"currency\":\"usd\",\"customer\":\"cus_T1\","
        + "\"payment_intent\":\"pi_T1\",\"customer_details\":{\"email\":\"pat@example.com\"},"
        + "\"expires_at\":"
        + (created + 1800)
        + ",\"metadata\":{\"plinth_reference\":\"order-7\"}}}}";
  }

  @Test
  void checkoutSessionsAreKeptCurrentAndAnOlderEventNeverOverwritesANewerOne() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String session = "cs_test_" + newEventId().substring(4);
    long created = now();
    String completedId = newEventId();
    String completed =
        sessionEvent(completedId, "checkout.session.completed", created, session, "complete");
    String expiredId = newEventId();
    String olderExpired =
        sessionEvent(expiredId, "checkout.session.expired", created - 60, session, "expired");

    // the newer event arrives first
    assertThat(deliverSigned(base, t, completed).status()).isEqualTo(200);
    awaitStatus(completedId, s -> s.equals("completed"));
    assertThat(deliverSigned(base, t, olderExpired).status()).isEqualTo(200);
    awaitStatus(expiredId, s -> s.equals("completed"));

    assertThat(
            Db.ownerQuery(
                "SELECT status || ',' || payment_status || ',' || amount_total || ',' || reference"
                    + " || ',' || customer_email || ',' || stripe_customer_id"
                    + " FROM core.checkout_sessions WHERE stripe_session_id = ?",
                session))
        .isEqualTo("complete,paid,2500,order-7,pat@example.com,cus_T1");
  }

  int attempts(String eventId) throws Exception {
    return Integer.parseInt(
        Db.ownerQuery("SELECT attempts FROM core.webhook_events WHERE event_id = ?", eventId));
  }
}
