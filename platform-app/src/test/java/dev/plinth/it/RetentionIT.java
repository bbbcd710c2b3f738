package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliver;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static dev.plinth.it.WebhookIntakeIT.secretOf;
import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.WebhookSigner;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Retention, with the test server's settings: payloads, sent notifications and resolved errors go
 * after 7 days ({@code PLINTH_RETENTION_DAYS=7}), 10 rows per batch, and only when an admin runs
 * it; event ids stay for the 30-day duplicate window. Every kind of row is made, most through the
 * real pipeline; the clock moves past each age; exactly the finished, old rows go.
 */
class RetentionIT extends ItBase {

  static final long DAY = 24 * 3600;

  /** What was delivered, by event id. */
  private final Map<String, String> payloads = new HashMap<>();

  @Test
  void onlyFinishedOldRowsGoAndPurgedEventsAreStillDuplicates() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");

    // a handler that always fails: retried on the schedule until dead
    String dead = deliverNew(t, "charge.failed");
    awaitStatus(dead, "failed"::equals);
    for (int attempt = 2; attempt <= 8; attempt++) {
      client.post("api/admin/clock/advance?seconds=" + 11 * 3600, ADMIN, null);
      int expected = attempt;
      Poll.until(() -> attempts(dead), n -> n >= expected, "attempt " + expected);
      // the failure is recorded (with its next attempt) before the clock moves again
      awaitStatus(dead, s -> s.equals("failed") || s.equals("dead"));
    }
    awaitStatus(dead, "dead"::equals);
    // the tenant's errors so far: one open entry for the retries, one (high) for the death
    String retriesError = errorId(t, "error");
    String deathError = errorId(t, "high");
    assertThat(client.post("api/admin/errors/" + retriesError + "/resolve", ADMIN, null).status())
        .isEqualTo(200);

    String completed = deliverNew(t, "checkout.session.completed");
    String skipped = deliverNew(t, "product.created");
    String failing = deliverNew(t, "charge.failed");
    awaitStatus(completed, "completed"::equals);
    awaitStatus(skipped, "skipped"::equals);
    awaitStatus(failing, "failed"::equals);
    // states the workers never leave standing still, written as they would be
    String pending = insertEvent(t, "pending");
    String processing = insertEvent(t, "processing");
    String openError = errorId(t, "error");

    String sent = notify(t);
    Poll.until(() -> notificationStatus(sent), "sent"::equals, "the notification sent");
    String unsent = insertUnsentNotification(t);
    // a console session, signed in and never signed out
    assertThat(client.post("api/admin/session", ADMIN, null).status()).isEqualTo(201);
    Instant signedIn = platformNow();

    // eight days on: older than the age, younger than the duplicate window
    client.post("api/admin/clock/advance?seconds=" + 8 * DAY, ADMIN, null);
    String young = deliverNew(t, "checkout.session.completed");
    awaitStatus(young, "completed"::equals);
    String youngSent = notify(t);
    Poll.until(() -> notificationStatus(youngSent), "sent"::equals, "the notification sent");
    assertThat(client.post("api/admin/errors/" + deathError + "/resolve", ADMIN, null).status())
        .isEqualTo(200);

    assertThat(client.post("api/admin/session", ADMIN, null).status()).isEqualTo(201);
    assertThat(sessionsCreated(signedIn.minusSeconds(60), signedIn.plusSeconds(60))).isPositive();

    JsonObject run = runRetention();
    assertThat(run.getInt("webhookPayloads")).isGreaterThanOrEqualTo(2);
    // the session that ended days ago is gone; the one just opened stays
    assertThat(run.getInt("sessions")).isGreaterThanOrEqualTo(1);
    assertThat(sessionsCreated(signedIn.minusSeconds(60), signedIn.plusSeconds(60))).isZero();
    assertThat(sessionsCreated(platformNow().minusSeconds(120), platformNow().plusSeconds(60)))
        .isPositive();
    assertThat(run.getInt("notifications")).isGreaterThanOrEqualTo(1);
    assertThat(run.getInt("errors")).isGreaterThanOrEqualTo(1);

    // finished and old: payload and attempts gone, the row kept
    assertThat(row(completed)).isEqualTo("completed,false,0");
    assertThat(row(skipped)).isEqualTo("skipped,false,0");
    // everything else as it was
    assertThat(row(young)).isEqualTo("completed,true,1");
    assertThat(row(dead)).isEqualTo("dead,true,8");
    assertThat(row(failing)).matches("(failed|processing|dead),true,[1-8]");
    assertThat(row(pending)).isEqualTo("pending,true,0");
    assertThat(row(processing)).isEqualTo("processing,true,0");
    assertThat(notificationStatus(sent)).isNull();
    assertThat(notificationStatus(youngSent)).isEqualTo("sent");
    assertThat(notificationStatus(unsent)).isEqualTo("pending");
    assertThat(errorExists(retriesError)).isFalse();
    assertThat(errorExists(deathError)).isTrue();
    assertThat(errorExists(openError)).isTrue();

    // a repeat delivery of a purged event within the window is still a duplicate
    Reply again = deliverAtPlatformTime(t, payloads.get(completed));
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().getBoolean("duplicate")).isTrue();
    String completedRef =
        Db.ownerQuery("SELECT id::text FROM core.webhook_events WHERE event_id = ?", completed);
    JsonObject detail = client.get("api/admin/webhooks/" + completedRef, ADMIN).json();
    assertThat(detail.getBoolean("payloadPurged")).isTrue();
    assertThat(detail.isNull("payload")).isTrue();
    assertThat(detail.getJsonArray("attempts")).isEmpty();
    assertError(
        client.post("api/admin/webhooks/" + completedRef + "/replay", ADMIN, null),
        409,
        "payload_purged",
        null);

    // past the duplicate window as well: the finished events' rows go; nothing else does
    client.post("api/admin/clock/advance?seconds=" + 23 * DAY, ADMIN, null);
    JsonObject later = runRetention();
    assertThat(later.getInt("webhookEvents")).isGreaterThanOrEqualTo(2);
    assertThat(row(completed)).isNull();
    assertThat(row(skipped)).isNull();
    assertThat(row(young)).isEqualTo("completed,false,0");
    assertThat(row(dead)).isEqualTo("dead,true,8");
    assertThat(row(failing)).matches("(failed|processing|dead),true,[1-8]");
    assertThat(row(pending)).isEqualTo("pending,true,0");
    assertThat(row(processing)).isEqualTo("processing,true,0");
    assertThat(notificationStatus(youngSent)).isNull();
    assertThat(notificationStatus(unsent)).isEqualTo("pending");
    assertThat(errorExists(deathError)).isFalse();
    assertThat(errorExists(openError)).isTrue();

    Db.deleteEvents(pending, processing);
  }

  /** Console sessions opened between these instants of the platform's clock. */
  static long sessionsCreated(Instant from, Instant to) throws Exception {
    return Long.parseLong(
        Db.ownerQuery(
            "SELECT count(*) FROM core.admin_sessions WHERE created_at BETWEEN ?::timestamptz"
                + " AND ?::timestamptz",
            from.toString(),
            to.toString()));
  }

  @Test
  void onlyAnAdminRunsOrSeesRetention() {
    TestTenant t = client.onboard(ADMIN, "probe");
    assertError(
        client.post("api/admin/retention/run", t.apiKey(), null), 401, "unauthorized", null);
    assertError(client.post("api/admin/retention/run", null, null), 401, "unauthorized", null);
    JsonObject settings = client.get("api/admin/retention", ADMIN).json();
    assertThat(settings.getInt("days")).isEqualTo(7);
    assertThat(settings.getInt("eventIdDays")).isEqualTo(30);
    assertThat(settings.getInt("batchSize")).isEqualTo(10);
    assertThat(settings.getInt("intervalMinutes")).isZero();
  }

  private JsonObject runRetention() {
    Reply r = client.post("api/admin/retention/run", ADMIN, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** Delivers a new event of {@code type}, signed at the platform's time; returns its id. */
  private String deliverNew(TestTenant t, String type) {
    String id = newEventId();
    payloads.put(id, event(id, null, type));
    Reply r = deliverAtPlatformTime(t, payloads.get(id));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getBoolean("duplicate")).isFalse();
    return id;
  }

  private Instant platformNow() {
    return Instant.parse(client.get("api/admin/clock", ADMIN).json().getString("now"));
  }

  private Reply deliverAtPlatformTime(TestTenant t, String payload) {
    long now = platformNow().getEpochSecond();
    return deliver(
        base,
        "api/webhooks/stripe/" + t.slug(),
        payload,
        WebhookSigner.header(payload, now, secretOf(t)));
  }

  /** An event standing in {@code status}, received long ago, never due in this test. */
  private String insertEvent(TestTenant t, String status) throws Exception {
    String id = newEventId();
    try (var c = Db.owner();
        var ps =
            c.prepareStatement(
                "INSERT INTO core.webhook_events (id, tenant_id, event_id, event_type,"
                    + " stripe_created, source, payload, status, next_attempt_at, locked_until,"
                    + " received_at) VALUES (gen_random_uuid(), ?::uuid, ?, 'product.created',"
                    + " now() - interval '60 days', 'webhook', ?, ?, now() + interval '1000 days',"
                    + " now() + interval '1000 days', now() - interval '60 days')")) {
      ps.setString(1, t.json().getString("id"));
      ps.setString(2, id);
      ps.setString(3, event(id, null, "product.created"));
      ps.setString(4, status);
      ps.executeUpdate();
    }
    return id;
  }

  /** Status, whether the payload is kept, and the attempts kept; null when the row is gone. */
  private static String row(String eventId) throws Exception {
    return Db.ownerQuery(
        "SELECT status || ',' || (payload IS NOT NULL) || ','"
            + " || (SELECT count(*) FROM core.webhook_attempts a WHERE a.event_ref = e.id)"
            + " FROM core.webhook_events e WHERE event_id = ?",
        eventId);
  }

  private int attempts(String eventId) throws Exception {
    return Integer.parseInt(
        Db.ownerQuery("SELECT attempts FROM core.webhook_events WHERE event_id = ?", eventId));
  }

  private void awaitStatus(String eventId, Predicate<String> done) {
    Poll.until(
        Duration.ofSeconds(30),
        () -> Db.ownerQuery("SELECT status FROM core.webhook_events WHERE event_id = ?", eventId),
        s -> s != null && done.test(s),
        "event " + eventId);
  }

  /** The id of the tenant's one open error entry of {@code severity}. */
  private String errorId(TestTenant t, String severity) {
    return Poll.until(
            () ->
                client
                    .get(
                        "api/admin/errors?resolved=false&severity="
                            + severity
                            + "&tenant="
                            + t.slug(),
                        ADMIN)
                    .json()
                    .getJsonArray("errors"),
            errors -> errors.size() == 1,
            "one open " + severity + " entry")
        .getJsonObject(0)
        .getString("id");
  }

  private static boolean errorExists(String id) throws Exception {
    return Db.ownerQuery("SELECT id::text FROM core.error_log WHERE id = ?::uuid", id) != null;
  }

  private String notify(TestTenant t) {
    Reply r =
        client.post(
            "api/t/" + t.slug() + "/probe/notify", t.apiKey(), "{\"to\":\"ann@example.com\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  private static String notificationStatus(String id) throws Exception {
    return Db.ownerQuery("SELECT status FROM core.notifications WHERE id = ?::uuid", id);
  }

  /** A message whose every send failed so far, not due again in this test. */
  private static String insertUnsentNotification(TestTenant t) throws Exception {
    return Db.ownerQuery(
        "INSERT INTO core.notifications (id, tenant_id, kind, recipient, subject, body, status,"
            + " attempts, last_error, next_attempt_at, created_at) VALUES (gen_random_uuid(),"
            + " ?::uuid, 'probe.notice', 'bob@example.com', 'Probe', 'x', 'pending', 3,"
            + " 'mailbox unavailable', now() + interval '1000 days',"
            + " now() - interval '60 days') RETURNING id::text",
        t.json().getString("id"));
  }
}
