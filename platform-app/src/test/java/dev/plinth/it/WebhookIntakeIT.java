package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.Concurrently;
import dev.plinth.testkit.DatabaseProxyControl;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The intake: verified, recorded once, acknowledged at once; bad deliveries refused cleanly. */
class WebhookIntakeIT extends ItBase {

  /** One client for the raw deliveries, in HTTP/1.1 as Stripe delivers (see PlinthClient). */
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static final String CONNECT_SECRET = dev.plinth.testkit.it.SimulatedStripe.CONNECT_SECRET;

  static String secretOf(TestTenant t) {
    return "whsec_" + t.slug().replace("-", "") + "secret";
  }

  static String event(String id, String account) {
    return event(id, account, "checkout.session.completed");
  }

  static String event(String id, String account, String type) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"created\":"
        + Instant.now().getEpochSecond()
        + (account == null ? "" : ",\"account\":\"" + account + "\"")
        + ",\"data\":{\"object\":{\"id\":\"cs_test_"
        + id.substring(4)
        + "\",\"object\":\"checkout.session\"}},\"livemode\":false,\"pending_webhooks\":1,"
        + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\""
        + type
        + "\"}";
  }

  static String newEventId() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  Reply deliver(String path, String payload, String signature) {
    return deliver(base, path, payload, signature);
  }

  static Reply deliver(java.net.URL base, String path, String payload, String signature) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                base.toString().endsWith("/")
                    ? URI.create(base + path)
                    : URI.create(base + "/" + path))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(payload));
    if (signature != null) {
      b.header("Stripe-Signature", signature);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().map());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Delivers a payload to the tenant's endpoint, signed with its secret now. */
  static Reply deliverSigned(java.net.URL base, TestTenant t, String payload) {
    return deliver(
        base,
        "api/webhooks/stripe/" + t.slug(),
        payload,
        WebhookSigner.header(payload, now(), secretOf(t)));
  }

  /** Delivers the same payload {@code times} times at once, as Stripe's retries may. */
  static List<Reply> deliverConcurrently(java.net.URL base, TestTenant t, String payload, int times)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Reply>> calls = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        calls.add(() -> deliverSigned(base, t, payload));
      }
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> f : pool.invokeAll(calls)) {
        replies.add(f.get());
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static int rows(String eventId) throws Exception {
    return Integer.parseInt(
        Db.ownerQuery("SELECT count(*) FROM core.webhook_events WHERE event_id = ?", eventId));
  }

  @Test
  void aValidDeliveryIsRecordedOnceAndRepeatsAreDuplicates() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String id = newEventId();
    String payload = event(id, null);
    String path = "api/webhooks/stripe/" + t.slug();

    Reply first = deliver(path, payload, WebhookSigner.header(payload, now(), secretOf(t)));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getBoolean("received")).isTrue();
    assertThat(first.json().getBoolean("duplicate")).isFalse();

    Reply again = deliver(path, payload, WebhookSigner.header(payload, now(), secretOf(t)));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getBoolean("duplicate")).isTrue();
    assertThat(rows(id)).isEqualTo(1);
    assertThat(Db.ownerQuery("SELECT status FROM core.webhook_events WHERE event_id = ?", id))
        .isIn("pending", "processing", "completed", "skipped");
  }

  @Test
  void signaturesAreCheckedAgainstTheRawBody() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String path = "api/webhooks/stripe/" + t.slug();
    String id = newEventId();
    String payload = event(id, null);

    assertError(deliver(path, payload, null), 400, "invalid_signature", null);
    assertError(
        deliver(path, payload, WebhookSigner.header(payload, now(), "whsec_wrongsecret1")),
        400,
        "invalid_signature",
        null);
    Reply stale = deliver(path, payload, WebhookSigner.header(payload, now() - 301, secretOf(t)));
    assertError(stale, 400, "invalid_signature", null);
    assertThat(stale.json().getString("message")).contains("tolerance");
    // stripe-java checks only the past: a timestamp from the future is refused too
    Reply future = deliver(path, payload, WebhookSigner.header(payload, now() + 600, secretOf(t)));
    assertError(future, 400, "invalid_signature", null);
    assertThat(future.json().getString("message")).contains("future");
    assertError(deliver(path, payload, "garbage"), 400, "invalid_signature", null);
    assertError(
        deliver(path, payload + " ", WebhookSigner.header(payload, now(), secretOf(t))),
        400,
        "invalid_signature",
        null);
    assertThat(rows(id)).isZero();

    // any v1 that matches passes, as when Stripe signs with two secrets
    Reply several =
        deliver(
            path, payload, WebhookSigner.header(payload, now(), "whsec_wrongsecret1", secretOf(t)));
    assertThat(several.status()).as(several.body()).isEqualTo(200);

    // the rejections are in the tenant's error log, with no secret in them
    Reply errors = client.get("api/t/" + t.slug() + "/errors", t.apiKey());
    assertThat(errors.body())
        .contains("invalid_signature")
        .doesNotContain(secretOf(t))
        .doesNotContain("whsec_");
  }

  @Test
  void theRotatedOutSecretStaysValidDuringTheGracePeriod() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String path = "api/webhooks/stripe/" + t.slug();
    String fresh = "whsec_rotated" + t.slug().replace("-", "");
    assertThat(
            client
                .put(
                    "api/tenants/" + t.slug() + "/webhook-secret",
                    t.apiKey(),
                    "{\"webhookSecret\":\"" + fresh + "\"}")
                .status())
        .isEqualTo(200);
    String p1 = event(newEventId(), null);
    assertThat(deliver(path, p1, WebhookSigner.header(p1, now(), secretOf(t))).status())
        .isEqualTo(200);
    String p2 = event(newEventId(), null);
    assertThat(deliver(path, p2, WebhookSigner.header(p2, now(), fresh)).status()).isEqualTo(200);
  }

  @Test
  void badBodiesAndUnknownTenantsAreRefused() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String path = "api/webhooks/stripe/" + t.slug();
    String notJson = "{\"id\": evt_";
    assertError(
        deliver(path, notJson, WebhookSigner.header(notJson, now(), secretOf(t))),
        400,
        "malformed_json",
        null);
    String noId = "{\"type\":\"x\",\"created\":1,\"data\":{\"object\":{}}}";
    assertError(
        deliver(path, noId, WebhookSigner.header(noId, now(), secretOf(t))),
        400,
        "invalid_request",
        "id");
    String farFuture =
        event(newEventId(), null).replaceFirst("\"created\":\\d+", "\"created\":99999999999999");
    assertError(
        deliver(path, farFuture, WebhookSigner.header(farFuture, now(), secretOf(t))),
        400,
        "invalid_request",
        "created");
    String payload = event(newEventId(), null);
    assertError(
        deliver(
            "api/webhooks/stripe/no-such-tenant",
            payload,
            WebhookSigner.header(payload, now(), secretOf(t))),
        404,
        "not_found",
        null);
    String huge = "{\"id\":\"evt_big\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}";
    assertError(
        deliver(path, huge, WebhookSigner.header(huge, now(), secretOf(t))),
        413,
        "payload_too_large",
        null);
  }

  @Test
  void fiftyConcurrentDeliveriesOfOneEventRecordItOnce() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String id = newEventId();
    String payload = event(id, null);
    int fresh = 0;
    for (Reply r : deliverConcurrently(base, t, payload, 50)) {
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      if (!r.json().getBoolean("duplicate")) {
        fresh++;
      }
    }
    assertThat(fresh).isEqualTo(1);
    assertThat(rows(id)).isEqualTo(1);
  }

  @Test
  void concurrentDeliveriesOfTwoTenantsAreEachRecordedOnceAndAnsweredAfterCommit()
      throws Exception {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(newEventId());
    }
    // each event twice, as Stripe's retries may: one is new, one a duplicate
    List<Reply> replies =
        Concurrently.run(
            80, 32, n -> deliverSigned(base, n / 2 % 2 == 0 ? a : b, event(ids.get(n / 2), null)));
    Map<String, Integer> fresh = new HashMap<>();
    for (int n = 0; n < replies.size(); n++) {
      Reply r = replies.get(n);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      String id = ids.get(n / 2);
      // acknowledged means committed: the row is there when the answer is
      assertThat(rows(id)).isEqualTo(1);
      fresh.merge(id, r.json().getBoolean("duplicate") ? 0 : 1, Integer::sum);
    }
    assertThat(fresh.values()).hasSize(40).containsOnly(1);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(
              Db.ownerQuery(
                  "SELECT t.slug FROM core.webhook_events e JOIN core.tenants t"
                      + " ON t.id = e.tenant_id WHERE e.event_id = ?",
                  ids.get(i)))
          .isEqualTo(i % 2 == 0 ? a.slug() : b.slug());
    }
  }

  @Test
  void aRowTheDatabaseRefusesFailsOnlyItsOwnDelivery() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String poison = "evt_poison" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Db.ownerUpdate(
        "CREATE FUNCTION core.it_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN IF NEW.event_id LIKE 'evt_poison%' THEN"
            + " RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$");
    Db.ownerUpdate(
        "CREATE TRIGGER it_refuse_poison BEFORE INSERT ON core.webhook_events"
            + " FOR EACH ROW EXECUTE FUNCTION core.it_refuse_poison()");
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      good.add(newEventId());
    }
    Reply refused;
    try {
      // the poisoned delivery in the middle of 20 good ones, all at once
      List<Reply> replies =
          Concurrently.run(
              21,
              21,
              n ->
                  deliverSigned(
                      base, t, event(n == 10 ? poison : good.get(n < 10 ? n : n - 1), null)));
      refused = replies.remove(10);
      for (Reply r : replies) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getBoolean("duplicate")).isFalse();
      }
    } finally {
      Db.ownerUpdate("DROP TRIGGER it_refuse_poison ON core.webhook_events");
      Db.ownerUpdate("DROP FUNCTION core.it_refuse_poison()");
    }
    assertThat(refused.status()).as(refused.body()).isGreaterThanOrEqualTo(500);
    assertThat(refused.json().getString("error")).isNotBlank();
    assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at dev.plinth");
    for (String id : good) {
      assertThat(rows(id)).isEqualTo(1);
    }
    assertThat(rows(poison)).isZero();
    // Stripe's retry, once the database takes it, records it
    Reply retried = deliverSigned(base, t, event(poison, null));
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(rows(poison)).isEqualTo(1);
  }

  @Test
  void connectEventsAreRoutedByAccountAndUnknownAccountsAreKept() throws Exception {
    String account = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    TestTenant connected = client.onboardConnected(ADMIN, "probe", account);
    String slug = connected.slug();

    String id = newEventId();
    String routed = event(id, account);
    Reply r =
        deliver(
            "api/webhooks/stripe/connect",
            routed,
            WebhookSigner.header(routed, now(), CONNECT_SECRET));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getBoolean("duplicate")).isFalse();
    assertThat(
            Db.ownerQuery(
                "SELECT t.slug FROM core.webhook_events e JOIN core.tenants t ON t.id = e.tenant_id WHERE e.event_id = ?",
                id))
        .isEqualTo(slug);

    String lostId = newEventId();
    String lost = event(lostId, "acct_nobodyhas" + lostId.substring(4, 12));
    Reply kept =
        deliver(
            "api/webhooks/stripe/connect", lost, WebhookSigner.header(lost, now(), CONNECT_SECRET));
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.json().getBoolean("routed")).isFalse();
    assertThat(
            Db.ownerQuery("SELECT count(*) FROM core.unroutable_events WHERE event_id = ?", lostId))
        .isEqualTo("1");

    // the tenant's own secret does not sign Connect deliveries
    assertError(
        deliver(
            "api/webhooks/stripe/connect",
            routed,
            WebhookSigner.header(routed, now(), "whsec_notconnect1")),
        400,
        "invalid_signature",
        null);
    String noAccount = event(newEventId(), null);
    assertError(
        deliver(
            "api/webhooks/stripe/connect",
            noAccount,
            WebhookSigner.header(noAccount, now(), CONNECT_SECRET)),
        400,
        "invalid_request",
        "account");
  }

  @Test
  void theDatabaseDownDuringIntakeIs503AndNothingIsHalfWritten() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    DatabaseProxyControl proxy = new DatabaseProxyControl(PlinthDeployment.dbControlPort());
    String id = newEventId();
    String payload = event(id, null);
    String path = "api/webhooks/stripe/" + t.slug();
    proxy.cut();
    try {
      assertError(
          deliver(path, payload, WebhookSigner.header(payload, now(), secretOf(t))),
          503,
          "unavailable",
          null);
    } finally {
      proxy.restore();
    }
    assertThat(rows(id)).isZero();
    Reply retried =
        Poll.until(
            () -> deliver(path, payload, WebhookSigner.header(payload, now(), secretOf(t))),
            r -> r.status() == 200,
            "the database to come back");
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.json().getBoolean("duplicate")).isFalse();
    assertThat(rows(id)).isEqualTo(1);
  }
}
