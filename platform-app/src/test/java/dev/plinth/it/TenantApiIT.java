package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantApiIT extends ItBase {

  static String onboardingBody(String slug, String vertical, String stripe) {
    return "{\"slug\":\""
        + slug
        + "\",\"name\":\"Mike's Windows LLC\",\"vertical\":\""
        + vertical
        + "\",\"ownerEmail\":\"mike@example.com\",\"stripe\":"
        + stripe
        + "}";
  }

  static final String DIRECT =
      "{\"mode\":\"direct\",\"secretKey\":\"sk_test_51Abcdefghij\",\"webhookSecret\":\"whsec_abcdefghij\"}";

  @Test
  void onboardingReturnsTheTenantItsKeyOnceAndItsWebhookUrl() throws Exception {
    String slug = PlinthClient.randomSlug("mikes-windows");
    Reply r = client.post("api/tenants", ADMIN, onboardingBody(slug, "probe", DIRECT));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonObject t = r.json();
    assertThat(t.getString("slug")).isEqualTo(slug);
    assertThat(t.getString("status")).isEqualTo("active");
    assertThat(t.getString("apiKey")).startsWith("plk_");
    assertThat(t.getString("webhookUrl"))
        .isEqualTo("http://localhost:19080/api/webhooks/stripe/" + slug);
    assertThat(t.getJsonObject("stripe").getString("secretKey")).isEqualTo("sk_test_...ghij");
    assertThat(r.body()).doesNotContain("sk_test_51Abcdefghij").doesNotContain("whsec_abcdefghij");

    // the provisioning hook ran in the onboarding transaction
    Reply notes = client.get("api/t/" + slug + "/probe/notes", t.getString("apiKey"));
    assertThat(notes.json().getJsonArray("notes").getJsonObject(0).getString("body"))
        .isEqualTo("welcome, " + slug);

    // the key is never shown again
    Reply again = client.get("api/tenants/" + slug, ADMIN);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().containsKey("apiKey")).isFalse();

    // secrets are sealed at rest and the key is stored only as a hash
    try (Connection c = Db.owner();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT stripe_secret_key, webhook_secret, api_key_hash FROM core.tenants"
                    + " WHERE slug = ?")) {
      ps.setString(1, slug);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).startsWith("v1:").doesNotContain("Abcdefghij");
        assertThat(rs.getString(2)).startsWith("v1:").doesNotContain("abcdefghij");
        String key = t.getString("apiKey");
        assertThat(rs.getString(3)).hasSize(64).isNotEqualTo(key);
        assertThat(key).doesNotContain(rs.getString(3));
      }
    }
  }

  @Test
  void connectModeNeedsOnlyAnAccountAndUsesTheConnectUrl() {
    String slug = PlinthClient.randomSlug("conn");
    String account = "acct_" + slug.replace("-", "");
    Reply r =
        client.post(
            "api/tenants",
            ADMIN,
            onboardingBody(
                slug, "probe", "{\"mode\":\"connect\",\"accountId\":\"" + account + "\"}"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().getString("webhookUrl")).endsWith("/api/webhooks/stripe/connect");
    assertThat(r.json().getJsonObject("stripe").getString("accountId")).isEqualTo(account);

    Reply twice =
        client.post(
            "api/tenants",
            ADMIN,
            onboardingBody(
                PlinthClient.randomSlug("conn"),
                "probe",
                "{\"mode\":\"connect\",\"accountId\":\"" + account + "\"}"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().getString("error")).isEqualTo("stripe_account_taken");
  }

  @Test
  void badInputGetsTheRightFourHundred() {
    String slug = PlinthClient.randomSlug("bad");
    assertError(client.post("api/tenants", ADMIN, "{\"slug\": "), 400, "malformed_json", null);
    assertError(client.post("api/tenants", ADMIN, "[]"), 400, "malformed_json", null);
    assertError(
        client.post("api/tenants", ADMIN, onboardingBody("Bad_Slug", "probe", DIRECT)),
        400,
        "invalid_request",
        "slug");
    assertError(
        client.post("api/tenants", ADMIN, onboardingBody("admin", "probe", DIRECT)),
        400,
        "invalid_request",
        "slug");
    assertError(
        client.post(
            "api/tenants",
            ADMIN,
            onboardingBody(
                slug, "probe", "{\"mode\":\"direct\",\"secretKey\":\"pk_test_123456789\"}")),
        400,
        "invalid_request",
        "stripe.secretKey");
    assertError(
        client.post(
            "api/tenants",
            ADMIN,
            onboardingBody(slug, "probe", "{\"mode\":\"direct\",\"secretKey\":42}")),
        400,
        "invalid_request",
        "stripe.secretKey");
    assertError(
        client.post(
            "api/tenants", ADMIN, onboardingBody(slug, "probe", DIRECT).replace("mike@", "mike")),
        400,
        "invalid_request",
        "ownerEmail");

    Reply unknownVertical =
        client.post("api/tenants", ADMIN, onboardingBody(slug, "bakery", DIRECT));
    assertError(unknownVertical, 400, "invalid_request", "vertical");
    assertThat(
            unknownVertical
                .json()
                .getJsonArray("installed")
                .getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly(
            "analyses",
            "campaigns",
            "credits",
            "echo",
            "events",
            "probe",
            "reservations",
            "tipjar");
    assertThat(unknownVertical.json().getString("message"))
        .contains("analyses, campaigns, credits, echo, events, probe, reservations, tipjar");

    Reply wrongType =
        client.send(
            "POST", "api/tenants", ADMIN, "text/plain", onboardingBody(slug, "probe", DIRECT));
    assertError(wrongType, 415, "unsupported_media_type", null);

    Reply huge =
        client.post(
            "api/tenants",
            ADMIN,
            "{\"slug\":\"" + slug + "\",\"name\":\"" + "x".repeat(1_100_000) + "\"}");
    assertError(huge, 413, "payload_too_large", null);

    // nothing was half-written by any of the above
    assertError(client.get("api/tenants/" + slug, ADMIN), 404, "not_found", null);
  }

  @Test
  void aDuplicateSlugIsAConflict() {
    String slug = PlinthClient.randomSlug("dup");
    assertThat(client.post("api/tenants", ADMIN, onboardingBody(slug, "probe", DIRECT)).status())
        .isEqualTo(201);
    assertError(
        client.post("api/tenants", ADMIN, onboardingBody(slug, "echo", DIRECT)),
        409,
        "slug_taken",
        null);
  }

  @Test
  void missingAndWrongTokensAreUnauthorized() {
    String body = onboardingBody(PlinthClient.randomSlug("auth"), "probe", DIRECT);
    assertError(client.post("api/tenants", null, body), 401, "unauthorized", null);
    assertError(client.post("api/tenants", "wrong-token", body), 401, "unauthorized", null);
    assertError(client.get("api/tenants", null), 401, "unauthorized", null);
    assertError(
        client.get("api/tenants", "plk_aaaaaaaaaaaa_" + "b".repeat(43)), 401, "unauthorized", null);
    TestTenant t = client.onboard(ADMIN, "probe");
    // a tenant key is not an admin token
    assertError(client.post("api/tenants", t.apiKey(), body), 401, "unauthorized", null);
    assertError(
        client.patch("api/tenants/" + t.slug(), t.apiKey(), "{\"status\":\"active\"}"),
        401,
        "unauthorized",
        null);
  }

  @Test
  void aTenantSeesOnlyItselfAndAdminsSeeAll() {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    Reply own = client.get("api/tenants", a.apiKey());
    assertThat(own.json().getJsonArray("tenants")).hasSize(1);
    assertThat(own.json().getJsonArray("tenants").getJsonObject(0).getString("slug"))
        .isEqualTo(a.slug());
    Reply all = client.get("api/tenants", ADMIN);
    assertThat(all.body()).doesNotContain("apiKeyHash").doesNotContain("v1:");
    assertThat(allTenantSlugs(client, 100)).contains(a.slug(), b.slug()).doesNotHaveDuplicates();
  }

  @Test
  void theAdminListRefusesABadPage() {
    assertError(client.get("api/tenants?limit=0", ADMIN), 400, "invalid_request", "limit");
    assertError(client.get("api/tenants?limit=501", ADMIN), 400, "invalid_request", "limit");
    assertError(client.get("api/tenants?after=nope", ADMIN), 400, "invalid_request", "after");
    assertError(
        client.get("api/tenants?after=" + java.util.UUID.randomUUID(), ADMIN),
        400,
        "invalid_request",
        "after");
  }

  /** Every tenant's slug, as an admin walks the list {@code pageSize} at a time. */
  static List<String> allTenantSlugs(PlinthClient client, int pageSize) {
    List<String> slugs = new ArrayList<>();
    String after = null;
    do {
      Reply page =
          client.get(
              "api/tenants?limit=" + pageSize + (after == null ? "" : "&after=" + after), ADMIN);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      var tenants = page.json().getJsonArray("tenants");
      assertThat(tenants.size()).isLessThanOrEqualTo(pageSize);
      tenants.forEach(v -> slugs.add(v.asJsonObject().getString("slug")));
      after = page.json().getString("next", null);
    } while (after != null);
    return slugs;
  }

  @Test
  void suspensionBlocksCustomersButNotTheTenant() {
    TestTenant t = client.onboard(ADMIN, "probe");
    assertThat(client.get("api/t/" + t.slug() + "/probe/hello", null).status()).isEqualTo(200);

    Reply patched =
        client.patch(
            "api/tenants/" + t.slug(),
            ADMIN,
            "{\"status\":\"suspended\",\"name\":\"Renamed\",\"ownerEmail\":\"new@example.com\"}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().getString("status")).isEqualTo("suspended");
    assertThat(patched.json().getString("name")).isEqualTo("Renamed");
    assertThat(patched.json().getString("ownerEmail")).isEqualTo("new@example.com");

    assertError(
        client.get("api/t/" + t.slug() + "/probe/hello", null), 403, "tenant_suspended", null);
    assertThat(client.get("api/t/" + t.slug() + "/probe/notes", t.apiKey()).status())
        .isEqualTo(200);
    assertError(
        client.patch("api/tenants/" + t.slug(), ADMIN, "{\"status\":\"paused\"}"),
        400,
        "invalid_request",
        "status");

    client.patch("api/tenants/" + t.slug(), ADMIN, "{\"status\":\"active\"}");
    assertThat(client.get("api/t/" + t.slug() + "/probe/hello", null).status()).isEqualTo(200);
  }

  @Test
  void rotatingTheApiKeyRetiresTheOldOne() {
    TestTenant t = client.onboard(ADMIN, "probe");
    Reply rotated = client.post("api/tenants/" + t.slug() + "/api-key", t.apiKey(), null);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    String newKey = rotated.json().getString("apiKey");
    assertThat(newKey).isNotEqualTo(t.apiKey());
    assertError(client.get("api/tenants/" + t.slug(), t.apiKey()), 401, "unauthorized", null);
    assertThat(client.get("api/tenants/" + t.slug(), newKey).status()).isEqualTo(200);
  }

  @Test
  void stripeSettingsAndWebhookSecretCanBeReplacedByTheTenant() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    Reply stripe =
        client.put(
            "api/tenants/" + t.slug() + "/stripe",
            t.apiKey(),
            "{\"mode\":\"direct\",\"secretKey\":\"rk_live_Zyxwvutsrq9876\"}");
    assertThat(stripe.status()).as(stripe.body()).isEqualTo(200);
    assertThat(stripe.json().getJsonObject("stripe").getString("secretKey"))
        .isEqualTo("rk_live_...9876");
    assertError(
        client.put(
            "api/tenants/" + t.slug() + "/webhook-secret", t.apiKey(), "{\"webhookSecret\":\"x\"}"),
        400,
        "invalid_request",
        "webhookSecret");

    String before =
        Db.ownerQuery("SELECT webhook_secret FROM core.tenants WHERE slug = ?", t.slug());
    Reply secret =
        client.put(
            "api/tenants/" + t.slug() + "/webhook-secret",
            ADMIN,
            Json.createObjectBuilder()
                .add("webhookSecret", "whsec_rotated123456")
                .build()
                .toString());
    assertThat(secret.status()).as(secret.body()).isEqualTo(200);
    // the previous secret is kept (sealed) for the grace period
    assertThat(
            Db.ownerQuery(
                "SELECT webhook_secret_previous FROM core.tenants WHERE slug = ?", t.slug()))
        .isEqualTo(before);
    assertThat(
            Db.ownerQuery(
                "SELECT webhook_secret_rotated_at::text FROM core.tenants WHERE slug = ?",
                t.slug()))
        .isNotNull();
  }

  /**
   * The platform key acts for whichever account a Connect tenant names, so naming one is an admin's
   * decision: a tenant's own key may only replace its own direct key.
   */
  @Test
  void onlyAnAdminChoosesConnectModeOrBindsAnAccount() throws Exception {
    TestTenant direct = client.onboard(ADMIN, "probe");
    String victim = "acct_" + PlinthClient.randomSlug("victim").replace("-", "");
    TestTenant connected = client.onboardConnected(ADMIN, "probe", victim);
    String other = "acct_" + PlinthClient.randomSlug("other").replace("-", "");

    assertForbiddenAndUnchanged(
        direct, "{\"mode\":\"connect\",\"accountId\":\"" + victim.replace("victim", "x") + "\"}");
    assertForbiddenAndUnchanged(
        connected, "{\"mode\":\"connect\",\"accountId\":\"" + other + "\"}");
    assertForbiddenAndUnchanged(
        connected, "{\"mode\":\"connect\",\"accountId\":\"" + victim + "\"}");
    assertForbiddenAndUnchanged(
        connected, "{\"mode\":\"direct\",\"secretKey\":\"sk_test_Mine12345678\"}");

    // the tenant still rotates its own direct key, and an admin may bind an account
    assertThat(
            client
                .put(
                    "api/tenants/" + direct.slug() + "/stripe",
                    direct.apiKey(),
                    "{\"mode\":\"direct\",\"secretKey\":\"sk_test_Rotated12345678\"}")
                .status())
        .isEqualTo(200);
    Reply bound =
        client.put(
            "api/tenants/" + direct.slug() + "/stripe",
            ADMIN,
            "{\"mode\":\"connect\",\"accountId\":\"" + other + "\"}");
    assertThat(bound.status()).as(bound.body()).isEqualTo(200);
    assertThat(bound.json().getJsonObject("stripe").getString("accountId")).isEqualTo(other);
  }

  private void assertForbiddenAndUnchanged(TestTenant t, String stripe) throws Exception {
    String sql =
        "SELECT concat_ws('|', stripe_mode, stripe_account_id, stripe_secret_key, updated_at)"
            + " FROM core.tenants WHERE slug = ?";
    String before = Db.ownerQuery(sql, t.slug());
    JsonObject shownBefore = client.get("api/tenants/" + t.slug(), ADMIN).json();
    Reply r = client.put("api/tenants/" + t.slug() + "/stripe", t.apiKey(), stripe);
    assertError(r, 403, "forbidden", null);
    assertThat(r.json().getString("message")).contains("admin");
    assertThat(Db.ownerQuery(sql, t.slug())).isEqualTo(before);
    assertThat(client.get("api/tenants/" + t.slug(), ADMIN).json()).isEqualTo(shownBefore);
  }
}
