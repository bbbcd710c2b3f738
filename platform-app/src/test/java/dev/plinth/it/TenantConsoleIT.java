package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A tenant's own console signs in with the tenant's API key or a one-time link made with it, and
 * gets a cookie that is sent only to {@code /api/t/{slug}}, counts there only on the core endpoints
 * the console calls, is that tenant's alone, and needs the CSRF token for any change.
 */
class TenantConsoleIT extends ItBase {

  record Session(String slug, String cookie, String csrfToken, String setCookie) {}

  static Session session(String slug, Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String setCookie = r.header("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("plinth_console=");
    return new Session(
        slug,
        setCookie.substring("plinth_console=".length(), setCookie.indexOf(';')),
        r.json().getString("csrfToken"),
        setCookie);
  }

  Session signIn(TestTenant t) {
    return session(t.slug(), client.post(consolePath(t, "session"), t.apiKey(), null));
  }

  static String consolePath(TestTenant t, String rest) {
    return "api/t/" + t.slug() + "/console" + (rest.isEmpty() ? "" : "/" + rest);
  }

  /** A request with the console's cookie and, when given, a CSRF token; no bearer token. */
  Reply send(String method, String path, Session s, String csrfToken) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Cookie", "plinth_console=" + s.cookie());
    if (csrfToken != null) {
      headers.put("X-CSRF-Token", csrfToken);
    }
    return client.send(
        method, path, null, method.equals("GET") ? null : "application/json", null, headers);
  }

  Reply signInWithLink(TestTenant t, String link) {
    return client.post(consolePath(t, "session"), null, json("link", link));
  }

  String link(TestTenant t, String token) {
    Reply r = client.post(consolePath(t, "links"), token, null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("url");
  }

  @Test
  void theApiKeyBuysACookieForTheTenantsOwnApiThatCountsOnTheConsolesEndpointsOnly() {
    TestTenant t = client.onboard(ADMIN, "probe");
    Session s = signIn(t);
    assertThat(s.setCookie())
        .contains("; Path=/api/t/" + t.slug() + ";")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .contains("; Max-Age=28800");

    for (String path :
        List.of("webhooks", "webhooks/stats", "errors", "errors/groups", "payments", "console")) {
      Reply r = send("GET", "api/t/" + t.slug() + "/" + path, s, null);
      assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    }
    Reply overview = send("GET", consolePath(t, ""), s, null);
    assertThat(overview.json().getString("slug")).isEqualTo(t.slug());
    assertThat(overview.json().getString("vertical")).isEqualTo("probe");
    assertThat(overview.json().getJsonArray("panels")).isNotNull();
    Reply again = send("GET", consolePath(t, "session"), s, null);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().getString("csrfToken")).isEqualTo(s.csrfToken());

    // not the tenant's key elsewhere: the tenant endpoints and the admin API ignore it
    assertError(send("GET", "api/tenants/" + t.slug(), s, null), 401, "unauthorized", null);
    assertError(send("GET", "api/admin/webhooks", s, null), 401, "unauthorized", null);
    // it cannot make a sign-in link, so it cannot prolong itself
    assertError(send("POST", consolePath(t, "links"), s, s.csrfToken()), 401, "unauthorized", null);
    // without a session, the console's session call says so
    assertError(client.get(consolePath(t, "session"), null), 401, "unauthorized", null);
  }

  @Test
  void aConsoleSeesOnlyItsOwnTenant() {
    TestTenant mine = client.onboard(ADMIN, "probe");
    TestTenant theirs = client.onboard(ADMIN, "probe");
    String myEvent = newEventId();
    String theirEvent = newEventId();
    assertThat(deliverSigned(base, mine, event(myEvent, null)).status()).isEqualTo(200);
    assertThat(
            deliverSigned(base, theirs, event(theirEvent, null, "charge.refund.updated")).status())
        .isEqualTo(200);
    Session s = signIn(mine);

    Reply list = send("GET", "api/t/" + mine.slug() + "/webhooks", s, null);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    List<String> ids =
        list.json().getJsonArray("events").stream()
            .map(JsonValue::asJsonObject)
            .map(e -> e.getString("eventId"))
            .toList();
    assertThat(ids).contains(myEvent).doesNotContain(theirEvent);

    // its stats by type count its own events only
    Reply stats = send("GET", "api/t/" + mine.slug() + "/webhooks/stats", s, null);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    Map<String, Integer> totals =
        stats.json().getJsonArray("types").stream()
            .map(JsonValue::asJsonObject)
            .collect(Collectors.toMap(o -> o.getString("eventType"), o -> o.getInt("total")));
    assertThat(totals).containsOnlyKeys(deliveredType(list, myEvent)).containsValue(1);
    assertError(
        send("GET", "api/t/" + mine.slug() + "/webhooks/stats?hours=0", s, null),
        400,
        "invalid_request",
        "hours");

    // my cookie at their paths is no session of theirs
    Session atTheirs = new Session(theirs.slug(), s.cookie(), s.csrfToken(), s.setCookie());
    for (String path : List.of("webhooks", "payments", "console", "console/session")) {
      assertError(
          send("GET", "api/t/" + theirs.slug() + "/" + path, atTheirs, null),
          401,
          "unauthorized",
          null);
    }
    // nor is an admin console session a tenant's
    Reply admin = client.post("api/admin/session", ADMIN, null);
    String adminCookie =
        admin.header("Set-Cookie").orElseThrow().replaceFirst("^plinth_admin=([^;]*);.*$", "$1");
    Session forged = new Session(mine.slug(), adminCookie, s.csrfToken(), "");
    assertError(
        send("GET", "api/t/" + mine.slug() + "/webhooks", forged, null), 401, "unauthorized", null);
  }

  private static String deliveredType(Reply list, String eventId) {
    return list.json().getJsonArray("events").stream()
        .map(JsonValue::asJsonObject)
        .filter(e -> e.getString("eventId").equals(eventId))
        .findFirst()
        .orElseThrow()
        .getString("type");
  }

  @Test
  void aSignInLinkOpensOnceForItsOwnTenant() {
    TestTenant t = client.onboard(ADMIN, "probe");
    TestTenant other = client.onboard(ADMIN, "probe");
    String url = link(t, t.apiKey());
    assertThat(url).contains("/t/" + t.slug() + "/console#link=");
    // the link's token is in the fragment: browsers never send it, nor leak it in a Referer
    String token = url.substring(url.indexOf("#link=") + 6);

    assertError(signInWithLink(other, token), 401, "unauthorized", null);
    Session s = session(t.slug(), signInWithLink(t, token));
    assertThat(send("GET", "api/t/" + t.slug() + "/payments", s, null).status()).isEqualTo(200);
    assertError(signInWithLink(t, token), 401, "unauthorized", null);
    assertError(signInWithLink(t, "not-a-token"), 401, "unauthorized", null);

    // the admin may make one too; another tenant's key may not
    session(t.slug(), signInWithLink(t, link(t, ADMIN)));
    assertError(client.post(consolePath(t, "links"), other.apiKey(), null), 404, "not_found", null);
    assertError(client.post(consolePath(t, "links"), null, null), 401, "unauthorized", null);
  }

  @Test
  void replacingTheApiKeyEndsTheConsoleSessionsItOpened() {
    TestTenant t = client.onboard(ADMIN, "probe");
    Session s = signIn(t);
    Reply rotated = client.post("api/tenants/" + t.slug() + "/api-key", t.apiKey(), null);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    assertError(send("GET", "api/t/" + t.slug() + "/webhooks", s, null), 401, "unauthorized", null);
    // the new key opens a new one
    TestTenant renewed = new TestTenant(t.slug(), rotated.json().getString("apiKey"), t.json());
    Session again = signIn(renewed);
    assertThat(send("GET", "api/t/" + t.slug() + "/webhooks", again, null).status()).isEqualTo(200);
  }

  @Test
  void changesNeedTheCsrfTokenAndSigningOutEndsTheSession() {
    TestTenant t = client.onboard(ADMIN, "probe");
    Session s = signIn(t);
    String refund = "api/t/" + t.slug() + "/payments/pay_unknown/refund";
    assertError(send("POST", refund, s, null), 403, "csrf_failed", null);
    assertError(send("POST", refund, s, "not-the-token"), 403, "csrf_failed", null);
    // with the token the request goes through, as the tenant's key would
    Reply tried = send("POST", refund, s, s.csrfToken());
    assertThat(tried.status()).as(tried.body()).isIn(400, 404);

    assertError(send("DELETE", consolePath(t, "session"), s, null), 403, "csrf_failed", null);
    Reply out = send("DELETE", consolePath(t, "session"), s, s.csrfToken());
    assertThat(out.status()).as(out.body()).isEqualTo(204);
    assertThat(out.header("Set-Cookie").orElseThrow())
        .startsWith("plinth_console=;")
        .contains("Max-Age=0");
    assertError(send("GET", "api/t/" + t.slug() + "/webhooks", s, null), 401, "unauthorized", null);
  }
}
