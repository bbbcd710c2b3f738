package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.Concurrently;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.stripe.Jsons;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The business's two loads, kept small enough for the build: 100 distinct webhooks at once, all
 * logged and processed once; 100 API clients at once on the connection pool. Neither may meet a
 * pool timeout. bench/events-bench.sh runs the same loads for figures (docs/BENCHMARKS.md).
 */
class EventsLoadIT extends ItBase {

  static final int N = 100;

  String create(TestTenant t, int i) {
    return created(
            client.post(
                "api/t/" + t.slug() + "/events",
                t.apiKey(),
                EventsIT.body("title", "Event " + i, "clientEmail", "client" + i + "@example.com")))
        .getString("id");
  }

  @Test
  void aHundredDistinctWebhooksAtOnceAreLoggedAndProcessedOnce() {
    TestTenant t = client.onboard(ADMIN, "events");
    List<String> ids = IntStream.range(0, 10).mapToObj(i -> create(t, i)).toList();
    // ten declined cards for each of ten events: each event's row is contended by ten deliveries
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      events.add(
          PaymentEventsIT.event(
              "payment_intent.payment_failed", EventsIT.declinedIntent(t, ids.get(i % 10))));
    }
    List<Reply> replies =
        Concurrently.run(
            N, N, i -> WebhookIntakeIT.deliverSigned(base, t, Jsons.write(events.get(i))));
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
    assertThat(replies).noneMatch(r -> r.json().getBoolean("duplicate", false));

    awaitProcessed(t, events);
    JsonObject log = ok(client.get("api/t/" + t.slug() + "/webhooks?limit=500", t.apiKey()));
    assertThat(log.getJsonArray("events")).hasSize(N);
    assertThat(log.getJsonArray("events"))
        .as("each processed at its first attempt")
        .allSatisfy(e -> assertThat(e.asJsonObject().getInt("attempts")).isEqualTo(1));
    for (String id : ids) {
      JsonObject deliveries =
          ok(client.get("api/t/" + t.slug() + "/events/" + id + "/webhooks", t.apiKey()));
      assertThat(deliveries.getJsonArray("deliveries")).as("event " + id).hasSize(N / 10);
      assertThat(
              ok(client.get("api/t/" + t.slug() + "/events/" + id, t.apiKey()))
                  .getString("paymentStatus"))
          .isEqualTo("failed");
    }
    assertThat(
            ok(client.get("api/t/" + t.slug() + "/events/admin/failed-payments", t.apiKey()))
                .getJsonArray("payments"))
        .hasSize(N);
    assertNoErrors(t);
  }

  @Test
  void aHundredConcurrentApiClientsNeverWaitOutThePool() {
    TestTenant t = onboard("events");
    long started = System.nanoTime();
    List<Reply> replies =
        Concurrently.run(
            N,
            N,
            i ->
                i % 2 == 0
                    ? client.post(
                        "api/t/" + t.slug() + "/events",
                        t.apiKey(),
                        EventsIT.body("title", "Event " + i))
                    : client.get("api/t/" + t.slug() + "/events?limit=20", t.apiKey()));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 201));
    assertThat(took).as("100 requests at once").isLessThan(Duration.ofSeconds(20));
    JsonObject all = ok(client.get("api/t/" + t.slug() + "/events?limit=200", t.apiKey()));
    assertThat(all.getJsonArray("events")).hasSize(N / 2);
    assertNoErrors(t);
    // the pool's figures are in /metrics, with its configured size
    String metrics = client.get("metrics?scope=vendor", MetricsIT.TOKEN).body();
    assertThat(metrics).contains("connectionpool_").contains("datasource=\"jdbc_plinth\"");
  }

  /** No error-log entry for the tenant: no pool timeout, no failed request or delivery. */
  void assertNoErrors(TestTenant t) {
    JsonObject errors = ok(client.get("api/t/" + t.slug() + "/errors", t.apiKey()));
    assertThat(errors.getJsonArray("errors")).as(errors.toString()).isEmpty();
  }
}
