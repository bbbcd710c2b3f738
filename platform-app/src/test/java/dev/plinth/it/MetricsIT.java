package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics}: Prometheus text for whoever holds the metrics token (the integration-test
 * server is not a local run and not public), with Plinth's own figures moving as deliveries,
 * processing, Stripe calls, checkouts and rate limits happen, and Liberty's pool figures beside
 * them.
 */
class MetricsIT extends ItBase {

  /** PLINTH_METRICS_TOKEN in src/test/liberty/server.env. */
  static final String TOKEN = "it-metrics-token-0123456789abcdef";

  private static final Pattern SERIES =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

  /** One scrape: the whole text, read by series. */
  record Scrape(String text) {

    /** The sum of every series of {@code name} that has all these {@code label="value"} pairs. */
    double sum(String name, String... labels) {
      double total = 0;
      Matcher m = SERIES.matcher(text);
      while (m.find()) {
        String found = m.group(1);
        String set = m.group(2) == null ? "" : m.group(2);
        if (found.equals(name) && Arrays.stream(labels).allMatch(l -> set.contains(l))) {
          total += Double.parseDouble(m.group(3));
        }
      }
      return total;
    }
  }

  Scrape scrape() {
    Reply r = client.get("metrics", TOKEN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type").orElse("")).startsWith("text/plain");
    return new Scrape(r.body());
  }

  /** Scrapes until {@code done} holds (the backlog gauges are counted every few seconds). */
  Scrape scrapeUntil(Predicate<Scrape> done, String what) {
    return Poll.until(Duration.ofSeconds(30), this::scrape, done, what);
  }

  @Test
  void aScrapeWithoutTheTokenIsRefusedWithTheContractsError() {
    assertError(client.get("metrics", null), 401, "unauthorized", null);
    assertError(client.get("metrics", "not-the-metrics-token-at-all"), 401, "unauthorized", null);
    assertError(client.get("metrics", ADMIN), 401, "unauthorized", null);
    assertError(client.get("metrics?scope=vendor", null), 401, "unauthorized", null);
  }

  @Test
  void plinthsFiguresMoveAndLibertysPoolsAreThere() throws Exception {
    TestTenant jar = onboard("tipjar");
    TestTenant probe = client.onboard(ADMIN, "probe");
    Scrape before = scrape();

    // a checkout at Stripe, paid: the simulator delivers the payment's events, signed
    Reply tip =
        client.postFrom(
            "203.0.113.77", api(jar, "tipjar", "tips"), null, json("amount", 300, "name", "Ada"));
    assertThat(tip.status()).as(tip.body()).isEqualTo(201);
    pay(jar, tip.json().getString("sessionId"));

    // a signed delivery, the same again, and one with a bad signature
    String payload = event(newEventId(), null);
    assertThat(deliverSigned(base, probe, payload).json().getBoolean("duplicate")).isFalse();
    assertThat(deliverSigned(base, probe, payload).json().getBoolean("duplicate")).isTrue();
    Reply forged =
        WebhookIntakeIT.deliver(
            base,
            "api/webhooks/stripe/" + probe.slug(),
            payload,
            "t=" + WebhookIntakeIT.now() + ",v1=00");
    assertThat(forged.status()).isEqualTo(400);

    // the tip jar allows 10 tips a minute from one client
    int refused = 0;
    for (int i = 0; i < 12 && refused == 0; i++) {
      Reply r =
          client.postFrom(
              "203.0.113.78", api(jar, "tipjar", "tips"), null, json("amount", 100, "name", "B"));
      refused += r.status() == 429 ? 1 : 0;
    }
    assertThat(refused).isEqualTo(1);

    Scrape after = scrapeUntil(s -> processed(s, "probe") > processed(before, "probe"), "probe");
    Files.writeString(Path.of("target", "metrics-scrape.txt"), after.text());

    assertMoved(
        before, after, "plinth_webhook_deliveries_total", "vertical=\"tipjar\"", "outcome=\"new\"");
    assertMoved(
        before, after, "plinth_webhook_deliveries_total", "vertical=\"probe\"", "outcome=\"new\"");
    assertMoved(
        before,
        after,
        "plinth_webhook_deliveries_total",
        "vertical=\"probe\"",
        "outcome=\"duplicate\"");
    assertMoved(
        before,
        after,
        "plinth_webhook_deliveries_total",
        "vertical=\"probe\"",
        "outcome=\"rejected\"",
        "reason=\"invalid_signature\"");
    assertMoved(
        before,
        after,
        "plinth_webhook_processing_seconds_count",
        "vertical=\"probe\"",
        "outcome=\"completed\"");
    assertMoved(before, after, "plinth_webhook_processing_seconds_count", "vertical=\"tipjar\"");
    assertMoved(
        before,
        after,
        "plinth_webhook_processing_seconds_bucket",
        "vertical=\"probe\"",
        "le=\"10.0\"");
    assertMoved(
        before,
        after,
        "plinth_stripe_calls_seconds_count",
        "vertical=\"tipjar\"",
        "outcome=\"ok\"");
    assertMoved(before, after, "plinth_checkout_sessions_created_total", "vertical=\"tipjar\"");
    assertMoved(
        before,
        after,
        "plinth_ratelimit_refusals_total",
        "vertical=\"tipjar\"",
        "bucket=\"tipjar.tips\"");
    assertThat(after.text()).as("never by tenant").doesNotContain(jar.slug(), probe.slug());

    // Liberty's own: the database connection pool and the thread pool
    assertThat(after.text())
        .containsPattern("(?m)^connectionpool_\\w+\\{[^}]*datasource=\"jdbc_plinth\"")
        .containsPattern("(?m)^threadpool_\\w+\\{[^}]*mp_scope=\"vendor\"");
  }

  @Test
  void theBacklogGaugesAndRetriesMove() throws Exception {
    TestTenant probe = client.onboard(ADMIN, "probe");
    String dead = newEventId();
    String stuck = newEventId();
    String leaseRanOut = newEventId();
    String notification = null;
    Scrape before = scrape();
    try (var c = Db.owner();
        var ps =
            c.prepareStatement(
                "INSERT INTO core.webhook_events (id, tenant_id, event_id, event_type,"
                    + " stripe_created, source, payload, status, attempts, next_attempt_at,"
                    + " locked_until, received_at) VALUES (gen_random_uuid(), ?::uuid, ?,"
                    + " 'product.created', now(), 'webhook', ?, ?, 1,"
                    + " now() - interval '2 hours', now() + CAST(? AS interval),"
                    + " now() - interval '2 hours')")) {
      // a dead event; one whose claim holds it two hours past its due time; and one whose
      // worker's lease ran out, which a worker claims again: its second attempt, a retry
      String[][] rows = {
        {dead, "dead", "1 hour"},
        {stuck, "processing", "1 hour"},
        {leaseRanOut, "processing", "-1 hour"}
      };
      for (String[] row : rows) {
        ps.setString(1, probe.json().getString("id"));
        ps.setString(2, row[0]);
        ps.setString(3, event(row[0], null, "product.created"));
        ps.setString(4, row[1]);
        ps.setString(5, row[2]);
        ps.executeUpdate();
      }
      notification =
          Db.ownerQuery(
              "INSERT INTO core.notifications (id, tenant_id, kind, recipient, subject, body,"
                  + " status, attempts, next_attempt_at, created_at) VALUES (gen_random_uuid(),"
                  + " ?::uuid, 'probe.notice', 'bob@example.com', 'Probe', 'x', 'pending', 1,"
                  + " now() + interval '1000 days', now()) RETURNING id::text",
              probe.json().getString("id"));

      Scrape after =
          scrapeUntil(
              s ->
                  s.sum("plinth_webhook_lag_seconds") >= 2 * 3600 - 60
                      && s.sum("plinth_webhook_dead") > before.sum("plinth_webhook_dead")
                      && s.sum("plinth_notifications_pending") >= 1
                      && s.sum("plinth_webhook_retries_total", "vertical=\"probe\"")
                          > before.sum("plinth_webhook_retries_total", "vertical=\"probe\""),
              "the backlog gauges and a retry");
      assertThat(after.sum("plinth_webhook_queue_depth")).isGreaterThanOrEqualTo(1);
      assertMoved(
          before,
          after,
          "plinth_webhook_processing_seconds_count",
          "vertical=\"probe\"",
          "outcome=\"skipped\"");
    } finally {
      Poll.until(
          () ->
              Db.ownerQuery(
                  "SELECT status FROM core.webhook_events WHERE event_id = ?", leaseRanOut),
          "skipped"::equals,
          "the retried event");
      Db.ownerQuery(
          "WITH d AS (DELETE FROM core.webhook_attempts WHERE event_ref IN (SELECT id FROM"
              + " core.webhook_events WHERE event_id = ?) RETURNING 1) SELECT count(*) FROM d",
          leaseRanOut);
      Db.deleteEvents(dead, stuck, leaseRanOut);
      if (notification != null) {
        Db.ownerQuery(
            "WITH d AS (DELETE FROM core.notifications WHERE id = ?::uuid RETURNING 1)"
                + " SELECT count(*) FROM d",
            notification);
      }
    }
  }

  private static double processed(Scrape s, String vertical) {
    return s.sum("plinth_webhook_processing_seconds_count", "vertical=\"" + vertical + "\"");
  }

  private static void assertMoved(Scrape before, Scrape after, String name, String... labels) {
    assertThat(after.sum(name, labels))
        .as(name + " " + String.join(",", labels))
        .isGreaterThan(before.sum(name, labels));
  }
}
