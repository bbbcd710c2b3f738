package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin console's sign-in: the admin token buys an HttpOnly, SameSite=Strict session cookie,
 * which counts on the admin API only, with a CSRF token on every state-changing request; sessions
 * expire and sign out; every admin action that changes something is in the audit.
 */
class AdminSessionsIT extends ItBase {

  /** A signed-in console: the cookie's value, the CSRF token and the whole Set-Cookie header. */
  record Session(String cookie, String csrfToken, String setCookie, JsonObject body) {}

  Session signIn() {
    Reply r = client.post("api/admin/session", ADMIN, null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String setCookie = r.header("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("plinth_admin=");
    String cookie = setCookie.substring("plinth_admin=".length(), setCookie.indexOf(';'));
    return new Session(cookie, r.json().getString("csrfToken"), setCookie, r.json());
  }

  /** A request with the session's cookie and, when given, a CSRF token; no bearer token. */
  Reply send(String method, String path, Session s, String csrfToken) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Cookie", "plinth_admin=" + s.cookie());
    if (csrfToken != null) {
      headers.put("X-CSRF-Token", csrfToken);
    }
    return client.send(
        method, path, null, method.equals("GET") ? null : "application/json", null, headers);
  }

  String settledEvent(TestTenant t) {
    String eventId = newEventId();
    Reply delivered = deliverSigned(base, t, event(eventId, null, "checkout.session.completed"));
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    return awaitEvent(t, eventId, e -> e.getString("status").equals("completed")).getString("id");
  }

  static String sha256Hex(String value) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  List<JsonObject> audit(Session s) {
    Reply r = send("GET", "api/admin/audit?limit=200", s, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("entries").stream().map(JsonValue::asJsonObject).toList();
  }

  @Test
  void theAdminTokenBuysAStrictHttpOnlyCookieThatCountsOnTheAdminApiOnly() {
    Instant before = Instant.now();
    Session s = signIn();
    assertThat(s.setCookie())
        .contains("; Path=/")
        .contains("; Max-Age=28800")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        // PLINTH_PUBLIC_URL is http here
        .doesNotContain("Secure");
    assertThat(s.cookie()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(s.csrfToken()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(s.cookie());
    assertThat(Instant.parse(s.body().getString("expiresAt")))
        .isBetween(
            before.plus(Duration.ofHours(8)).minusSeconds(5),
            Instant.now().plus(Duration.ofHours(8)));

    Reply read = send("GET", "api/admin/webhooks?limit=1", s, null);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    // not outside the admin API: the tenant endpoints, even the admin-only list, refuse it
    assertError(send("GET", "api/tenants", s, null), 401, "unauthorized", null);
  }

  @Test
  void aStateChangingRequestByCookieNeedsTheCsrfTokenAndIsAudited() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String eventId = settledEvent(t);
    Session s = signIn();
    String replay = "api/admin/webhooks/" + eventId + "/replay";

    assertError(send("POST", replay, s, null), 403, "csrf_failed", null);
    assertError(send("POST", replay, s, "not-the-token"), 403, "csrf_failed", null);
    assertError(send("POST", replay, signIn(), s.csrfToken()), 403, "csrf_failed", null);
    Reply done = send("POST", replay, s, s.csrfToken());
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.json().getInt("replayed")).isEqualTo(1);

    // the admin token needs no CSRF token, as before; this suspension is the token's
    Reply suspended = client.patch("api/tenants/" + t.slug(), ADMIN, "{\"status\":\"suspended\"}");
    assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);

    String shortForm = "session:" + sha256Hex(s.cookie()).substring(0, 12);
    List<JsonObject> entries = audit(s);
    JsonObject replayed =
        entries.stream()
            .filter(e -> e.getString("action").equals("POST /api/admin/webhooks/{id}/replay"))
            .filter(e -> e.getJsonObject("target").getString("id").equals(eventId))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no replay of " + eventId + " in " + entries));
    assertThat(replayed.getString("actor")).isEqualTo(shortForm);
    assertThat(replayed.getInt("status")).isEqualTo(200);
    assertThat(Instant.parse(replayed.getString("at"))).isAfter(Instant.now().minusSeconds(60));
    // refused requests changed nothing, so they are not there
    assertThat(
            entries.stream()
                .filter(e -> e.getJsonObject("target").getString("id", "").equals(eventId)))
        .hasSize(1);
    JsonObject suspension =
        entries.stream()
            .filter(e -> e.getString("action").equals("PATCH /api/tenants/{slug}"))
            .filter(e -> e.getJsonObject("target").getString("slug").equals(t.slug()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no suspension of " + t.slug()));
    assertThat(suspension.getString("actor")).isEqualTo("token");
    // newest first
    assertThat(entries.indexOf(suspension)).isLessThan(entries.indexOf(replayed));

    assertError(client.get("api/admin/audit", t.apiKey()), 401, "unauthorized", null);
    assertError(client.get("api/admin/audit?limit=0", ADMIN), 400, "invalid_request", "limit");
  }

  @Test
  void onlyTheAdminTokenSignsIn() {
    assertError(
        client.post("api/admin/session", "not-the-admin-token", null), 401, "unauthorized", null);
    assertError(client.post("api/admin/session", null, null), 401, "unauthorized", null);
    TestTenant t = client.onboard(ADMIN, "probe");
    assertError(client.post("api/admin/session", t.apiKey(), null), 401, "unauthorized", null);
    // a session cannot make another: signing in reads no cookie
    Session s = signIn();
    assertError(send("POST", "api/admin/session", s, s.csrfToken()), 401, "unauthorized", null);
    // a cookie that names no session
    Session forged = new Session("x".repeat(43), s.csrfToken(), "", s.body());
    assertError(send("GET", "api/admin/webhooks", forged, null), 401, "unauthorized", null);
  }

  @Test
  void aSessionExpiresByThePlatformClock() {
    Session s = signIn();
    advanceClock(Duration.ofHours(8).minusMinutes(1));
    assertThat(send("GET", "api/admin/webhooks?limit=1", s, null).status()).isEqualTo(200);
    advanceClock(Duration.ofMinutes(2));
    assertError(send("GET", "api/admin/webhooks?limit=1", s, null), 401, "unauthorized", null);
    // the token still works
    assertThat(client.get("api/admin/webhooks?limit=1", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void signingOutRevokesTheSessionAndClearsTheCookie() throws Exception {
    Session s = signIn();
    String idHash = sha256Hex(s.cookie());
    // only the hash of the session id is stored
    assertThat(Db.ownerQuery("SELECT count(*) FROM core.admin_sessions WHERE id_hash = ?", idHash))
        .isEqualTo("1");
    assertThat(
            Db.ownerQuery(
                "SELECT count(*) FROM core.admin_sessions WHERE id_hash = ? OR csrf_token = ?",
                s.cookie(),
                s.cookie()))
        .isEqualTo("0");

    assertError(send("DELETE", "api/admin/session", s, null), 403, "csrf_failed", null);
    Reply out = send("DELETE", "api/admin/session", s, s.csrfToken());
    assertThat(out.status()).as(out.body()).isEqualTo(204);
    assertThat(out.header("Set-Cookie").orElseThrow())
        .startsWith("plinth_admin=;")
        .contains("Max-Age=0")
        .contains("HttpOnly")
        .contains("SameSite=Strict");
    assertThat(
            Db.ownerQuery(
                "SELECT revoked_at IS NOT NULL FROM core.admin_sessions WHERE id_hash = ?", idHash))
        .isEqualTo("t");
    assertError(send("GET", "api/admin/webhooks?limit=1", s, null), 401, "unauthorized", null);

    List<JsonObject> entries = audit(signIn());
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.getString("action")).isEqualTo("DELETE /api/admin/session");
              assertThat(e.getString("actor")).isEqualTo("session:" + idHash.substring(0, 12));
            });
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.getString("action")).isEqualTo("POST /api/admin/session");
              assertThat(e.getString("actor")).isEqualTo("token");
            });
  }

  @Test
  void theSessionAnswersItsCsrfTokenAgainUntilItIsSignedOut() {
    Session s = signIn();
    Reply again = send("GET", "api/admin/session", s, null);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().getString("csrfToken")).isEqualTo(s.csrfToken());
    assertThat(again.json().getString("expiresAt")).isEqualTo(s.body().getString("expiresAt"));
    assertThat(again.header("Cache-Control").orElseThrow()).contains("no-store");
    // another session has its own token
    assertThat(send("GET", "api/admin/session", signIn(), null).json().getString("csrfToken"))
        .isNotEqualTo(s.csrfToken());

    // only a session has one: not the admin token, not a tenant, not nobody
    assertError(client.get("api/admin/session", ADMIN), 401, "unauthorized", null);
    assertError(client.get("api/admin/session", null), 401, "unauthorized", null);
    TestTenant t = client.onboard(ADMIN, "probe");
    assertError(client.get("api/admin/session", t.apiKey()), 401, "unauthorized", null);

    Reply out = send("DELETE", "api/admin/session", s, s.csrfToken());
    assertThat(out.status()).as(out.body()).isEqualTo(204);
    assertError(send("GET", "api/admin/session", s, null), 401, "unauthorized", null);
  }

  /**
   * The same tenant in the same state. A tenant that was just changed is answered with its times to
   * the nanosecond, as the clock gave them; read back, PostgreSQL's microseconds.
   */
  static void assertSameTenant(JsonObject actual, JsonObject expected) {
    assertThat(withoutUpdatedAt(actual)).isEqualTo(withoutUpdatedAt(expected));
    assertThat(
            Duration.between(
                    Instant.parse(actual.getString("updatedAt")),
                    Instant.parse(expected.getString("updatedAt")))
                .abs())
        .isLessThan(Duration.ofNanos(1000));
  }

  static JsonObject withoutUpdatedAt(JsonObject tenant) {
    return jakarta.json.Json.createObjectBuilder(tenant).remove("updatedAt").build();
  }

  @Test
  void theConsoleSuspendsAndResumesATenantWithTheCsrfTokenAndIsAudited() throws Exception {
    TestTenant t = client.onboard(ADMIN, "campaigns");
    String store = "t/" + t.slug();
    assertThat(client.get(store, null).status()).isEqualTo(200);
    Session s = signIn();
    String suspend = "api/admin/tenants/" + t.slug() + "/suspend";
    String resume = "api/admin/tenants/" + t.slug() + "/resume";

    assertError(send("POST", suspend, s, null), 403, "csrf_failed", null);
    assertThat(client.get("api/tenants/" + t.slug(), ADMIN).json().getString("status"))
        .isEqualTo("active");
    assertThat(client.get(store, null).status()).isEqualTo(200);

    Reply suspended = send("POST", suspend, s, s.csrfToken());
    assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
    assertSameTenant(suspended.json(), client.get("api/tenants/" + t.slug(), ADMIN).json());
    assertThat(suspended.json().getString("status")).isEqualTo("suspended");
    assertThat(client.get(store, null).status()).isEqualTo(403);
    // again: nothing changes
    Reply twice = send("POST", suspend, s, s.csrfToken());
    assertThat(twice.status()).as(twice.body()).isEqualTo(200);
    assertSameTenant(twice.json(), suspended.json());

    Reply resumed = send("POST", resume, s, s.csrfToken());
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    assertThat(resumed.json().getString("status")).isEqualTo("active");
    assertThat(client.get(store, null).status()).isEqualTo(200);
    // the admin token works too, and resuming an active tenant changes nothing
    Reply byToken = client.post(resume, ADMIN, null);
    assertThat(byToken.status()).as(byToken.body()).isEqualTo(200);
    assertSameTenant(byToken.json(), resumed.json());

    String shortForm = "session:" + sha256Hex(s.cookie()).substring(0, 12);
    List<JsonObject> mine =
        audit(s).stream()
            .filter(e -> e.getJsonObject("target").getString("slug", "").equals(t.slug()))
            .toList();
    // newest first; the refused request is not there
    assertThat(mine.stream().map(e -> e.getString("action") + " " + e.getString("actor")))
        .containsExactly(
            "POST /api/admin/tenants/{slug}/resume token",
            "POST /api/admin/tenants/{slug}/resume " + shortForm,
            "POST /api/admin/tenants/{slug}/suspend " + shortForm,
            "POST /api/admin/tenants/{slug}/suspend " + shortForm);
    assertThat(mine).allSatisfy(e -> assertThat(e.getInt("status")).isEqualTo(200));

    assertError(
        send("POST", "api/admin/tenants/no-such-" + t.slug() + "/suspend", s, s.csrfToken()),
        404,
        "not_found",
        null);
    assertError(client.post(suspend, t.apiKey(), null), 401, "unauthorized", null);
  }
}
