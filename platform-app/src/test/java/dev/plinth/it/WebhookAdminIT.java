package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliver;
import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static dev.plinth.it.WebhookIntakeIT.now;
import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.stripe.WebhookSigner;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The webhook log for admins and tenants: list, detail, stats and replay. */
class WebhookAdminIT extends ItBase {

  String send(TestTenant t, String type) {
    String id = newEventId();
    String payload = event(id, null, type);
    Reply r = deliverSigned(base, t, payload);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return id;
  }

  static boolean settled(JsonObject e) {
    return !e.getString("status").equals("pending") && !e.getString("status").equals("processing");
  }

  @Test
  void adminsListFilterAndInspectEventsWithTheirAttempts() throws Exception {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    String paid = send(a, "checkout.session.completed");
    String failing = send(a, "charge.failed");
    String other = send(b, "checkout.session.completed");

    JsonObject done = awaitEvent(a, paid, WebhookAdminIT::settled);
    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(done.getString("tenant")).isEqualTo(a.slug());
    assertThat(done.getInt("processingMs")).isGreaterThanOrEqualTo(0);
    JsonObject failed = awaitEvent(a, failing, WebhookAdminIT::settled);
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("lastError")).contains("refuses charge.failed");
    assertThat(failed.getString("nextAttemptAt")).isNotBlank();

    Reply onlyA = client.get("api/admin/webhooks?tenant=" + a.slug(), ADMIN);
    assertThat(onlyA.body()).contains(paid).contains(failing).doesNotContain(other);
    Reply filtered =
        client.get("api/admin/webhooks?status=failed&type=charge.failed&tenant=" + a.slug(), ADMIN);
    assertThat(filtered.json().getJsonArray("events")).hasSize(1);

    JsonObject detail = client.get("api/admin/webhooks/" + failed.getString("id"), ADMIN).json();
    assertThat(detail.getJsonObject("payload").getString("id")).isEqualTo(failing);
    assertThat(detail.getJsonArray("attempts").getJsonObject(0).getString("outcome"))
        .isEqualTo("failed");
    assertThat(detail.getJsonArray("attempts").getJsonObject(0).getString("error"))
        .contains("refuses");

    // the tenant sees its own slice only
    Reply slice = client.get("api/t/" + a.slug() + "/webhooks", a.apiKey());
    assertThat(slice.status()).isEqualTo(200);
    assertThat(slice.body()).contains(paid).doesNotContain(other);
    assertError(client.get("api/t/" + a.slug() + "/webhooks", b.apiKey()), 404, "not_found", null);
    assertError(client.get("api/admin/webhooks", a.apiKey()), 401, "unauthorized", null);
  }

  @Test
  void statsCountPerTypeWithRatesAndPercentiles() throws Exception {
    TestTenant a = client.onboard(ADMIN, "probe");
    String id = send(a, "checkout.session.completed");
    awaitEvent(a, id, WebhookAdminIT::settled);
    Reply r = client.get("api/admin/webhooks/stats?hours=1", ADMIN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject row =
        r.json().getJsonArray("types").stream()
            .map(v -> v.asJsonObject())
            .filter(o -> o.getString("eventType").equals("checkout.session.completed"))
            .findFirst()
            .orElseThrow();
    assertThat(row.getInt("total")).isPositive();
    assertThat(row.getInt("completed")).isPositive();
    for (String field :
        new String[] {
          "skipped",
          "failed",
          "dead",
          "pending",
          "successRate",
          "avgProcessingMs",
          "p95ProcessingMs"
        }) {
      assertThat(row.containsKey(field)).as(field).isTrue();
    }
    assertThat(row.getJsonNumber("successRate").doubleValue()).isBetween(0.0, 1.0);
    assertError(
        client.get("api/admin/webhooks/stats?hours=0", ADMIN), 400, "invalid_request", "hours");
  }

  @Test
  void oneEventOrAllOfAStatusCanBeReplayed() throws Exception {
    TestTenant a = client.onboard(ADMIN, "probe");
    String paid = send(a, "checkout.session.completed");
    JsonObject first = awaitEvent(a, paid, WebhookAdminIT::settled);

    Reply replay =
        client.post("api/admin/webhooks/" + first.getString("id") + "/replay", ADMIN, null);
    assertThat(replay.status()).as(replay.body()).isEqualTo(200);
    awaitEvent(
        a,
        paid,
        e ->
            settled(e)
                && client
                        .get("api/admin/webhooks/" + first.getString("id"), ADMIN)
                        .json()
                        .getJsonArray("attempts")
                        .size()
                    == 2);
    // the vertical ran again: replay reprocesses
    var notes =
        client.get("api/t/" + a.slug() + "/probe/notes", a.apiKey()).json().getJsonArray("notes");
    assertThat(notes.stream().filter(n -> n.asJsonObject().getString("body").startsWith("paid ")))
        .hasSize(2);

    Instant since = Instant.now().minusSeconds(1);
    String skipped = send(a, "product.created");
    JsonObject s = awaitEvent(a, skipped, WebhookAdminIT::settled);
    assertThat(s.getString("status")).isEqualTo("skipped");
    Reply bulk =
        client.post("api/admin/webhooks/replay?status=skipped&since=" + since, ADMIN, null);
    assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
    assertThat(bulk.json().getInt("replayed")).isPositive();
    awaitEvent(
        a,
        skipped,
        e ->
            settled(e)
                && client
                        .get("api/admin/webhooks/" + s.getString("id"), ADMIN)
                        .json()
                        .getJsonArray("attempts")
                        .size()
                    == 2);

    assertError(
        client.post("api/admin/webhooks/replay?status=dead", ADMIN, null),
        400,
        "invalid_request",
        "since");
    assertError(
        client.post("api/admin/webhooks/replay?status=dead&since=yesterday", ADMIN, null),
        400,
        "invalid_request",
        "since");
    assertError(
        client.post("api/admin/webhooks/replay?status=gone&since=" + since, ADMIN, null),
        400,
        "invalid_request",
        "status");
    assertError(
        client.post("api/admin/webhooks/00000000-0000-0000-0000-000000000000/replay", ADMIN, null),
        404,
        "not_found",
        null);
    assertError(client.get("api/admin/webhooks/not-an-id", ADMIN), 404, "not_found", null);
  }

  @Test
  void unroutableConnectEventsAreShownToAdmins() {
    String id = newEventId();
    String payload = event(id, "acct_unknown" + id.substring(4, 14));
    Reply r =
        deliver(
            base,
            "api/webhooks/stripe/connect",
            payload,
            WebhookSigner.header(payload, now(), WebhookIntakeIT.CONNECT_SECRET));
    assertThat(r.status()).isEqualTo(200);
    Reply list = client.get("api/admin/webhooks/unroutable", ADMIN);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains(id);
  }
}
