package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The end-user registry and end users' session tokens: the tenant registers its users, asks for a
 * token for one, and the probe vertical sees that user as {@code USER}; every way a token must stop
 * working (expiry, another tenant, tampering, a missing claim, revocation, key rotation,
 * suspension, erasure) is refused.
 */
class EndUsersIT extends ItBase {

  private static final String INVALID = "the session token is not valid or has expired";

  private static String users(TestTenant t) {
    return "api/tenants/" + t.slug() + "/users/";
  }

  private static String sessions(TestTenant t) {
    return "api/tenants/" + t.slug() + "/user-sessions";
  }

  private static String whoami(TestTenant t) {
    return "api/t/" + t.slug() + "/probe/whoami";
  }

  private Reply register(TestTenant t, String userRef, String email) {
    return client.put(
        users(t) + userRef,
        t.apiKey(),
        Json.createObjectBuilder().add("email", email).build().toString());
  }

  /** A registered user and a token for them, asked for with the tenant's key. */
  private String userToken(TestTenant t, String userRef) {
    Reply r = register(t, userRef, userRef.replace(":", ".") + "@example.com");
    assertThat(r.status()).as(r.body()).isIn(200, 201);
    return token(t, userRef);
  }

  private String token(TestTenant t, String userRef) {
    Reply s = client.post(sessions(t), t.apiKey(), "{\"userRef\":\"" + userRef + "\"}");
    assertThat(s.status()).as(s.body()).isEqualTo(201);
    return s.json().getString("token");
  }

  private void assertRefused(Reply r) {
    assertError(r, 401, "unauthorized", null);
    assertThat(r.json().getString("message")).isEqualTo(INVALID);
  }

  private void assertIsUser(TestTenant t, String token, String userRef) {
    Reply me = client.get(whoami(t), token);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().getString("actor")).isEqualTo("USER");
    assertThat(me.json().getString("userRef")).isEqualTo(userRef);
  }

  @Test
  void theTenantCreatesUpdatesReadsAndErasesItsUsers() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    TestTenant other = client.onboard(ADMIN, "probe");

    Reply created =
        client.put(
            users(t) + "cust:42@shop",
            t.apiKey(),
            "{\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject u = created.json();
    assertThat(u.getString("userRef")).isEqualTo("cust:42@shop");
    assertThat(u.getString("email")).isEqualTo("ada@example.com");
    assertThat(u.getString("name")).isEqualTo("Ada Lovelace");

    Reply updated =
        client.put(users(t) + "cust:42@shop", t.apiKey(), "{\"email\":\"ada@new.example\"}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().getString("email")).isEqualTo("ada@new.example");
    assertThat(updated.json().isNull("name")).as("PUT replaces: no name given").isTrue();
    assertThat(updated.json().getString("createdAt")).isEqualTo(u.getString("createdAt"));

    Reply read = client.get(users(t) + "cust:42@shop", t.apiKey());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getString("email")).isEqualTo("ada@new.example");
    assertThat(client.get(users(t) + "cust:42@shop", ADMIN).status()).isEqualTo(200);

    // another tenant's key: as if the tenant did not exist; no key at all: 401
    assertError(client.get(users(t) + "cust:42@shop", other.apiKey()), 404, "not_found", null);
    assertError(
        client.put(users(t) + "cust:42@shop", other.apiKey(), "{\"email\":\"x@example.com\"}"),
        404,
        "not_found",
        null);
    assertError(
        client.send("DELETE", users(t) + "cust:42@shop", other.apiKey(), null, null),
        404,
        "not_found",
        null);
    assertError(client.get(users(t) + "cust:42@shop", null), 401, "unauthorized", null);
    assertError(client.get(users(other) + "cust:42@shop", other.apiKey()), 404, "not_found", null);

    // erasure: the personal data goes, the reference stays as a tombstone
    assertThat(client.send("DELETE", users(t) + "cust:42@shop", t.apiKey(), null, null).status())
        .isEqualTo(204);
    try (var c = Db.owner();
        var ps =
            c.prepareStatement(
                "SELECT u.email, u.name, u.erased_at FROM core.end_users u"
                    + " JOIN core.tenants t ON t.id = u.tenant_id"
                    + " WHERE t.slug = ? AND u.user_ref = ?")) {
      ps.setString(1, t.slug());
      ps.setString(2, "cust:42@shop");
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isNull();
        assertThat(rs.getString(2)).isNull();
        assertThat(rs.getTimestamp(3)).isNotNull();
      }
    }
    Reply gone = client.get(users(t) + "cust:42@shop", t.apiKey());
    assertError(gone, 404, "not_found", null);
    assertThat(gone.body()).doesNotContain("ada@");
    assertThat(client.send("DELETE", users(t) + "cust:42@shop", t.apiKey(), null, null).status())
        .as("erasing again changes nothing")
        .isEqualTo(204);
    assertError(
        client.put(users(t) + "cust:42@shop", t.apiKey(), "{\"email\":\"eve@example.com\"}"),
        409,
        "user_erased",
        null);
    assertError(
        client.post(sessions(t), t.apiKey(), "{\"userRef\":\"cust:42@shop\"}"),
        404,
        "not_found",
        null);
    assertError(
        client.send("DELETE", users(t) + "nobody", t.apiKey(), null, null), 404, "not_found", null);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String ok = "{\"email\":\"a@example.com\"}";
    assertError(
        client.put(users(t) + "has%20space", t.apiKey(), ok), 400, "invalid_request", "userRef");
    assertError(
        client.put(users(t) + "x".repeat(129), t.apiKey(), ok), 400, "invalid_request", "userRef");
    assertThat(client.put(users(t) + "x".repeat(128), t.apiKey(), ok).status()).isEqualTo(201);
    assertError(
        client.put(users(t) + "u1", t.apiKey(), "{\"email\":\"not-an-email\"}"),
        400,
        "invalid_request",
        "email");
    assertError(client.put(users(t) + "u1", t.apiKey(), "{}"), 400, "invalid_request", "email");
    assertError(
        client.put(users(t) + "u1", t.apiKey(), "{\"email\":\"a@example.com\",\"nick\":\"a\"}"),
        400,
        "invalid_request",
        "nick");
    assertError(
        client.put(
            users(t) + "u1",
            t.apiKey(),
            "{\"email\":\"a@example.com\",\"name\":\"" + "n".repeat(201) + "\"}"),
        400,
        "invalid_request",
        "name");
    assertError(
        client.put(users(t) + "u1", t.apiKey(), "{\"email\":"), 400, "malformed_json", null);
    assertError(client.get(users(t) + "u1", t.apiKey()), 404, "not_found", null);

    assertThat(register(t, "u1", "a@example.com").status()).isEqualTo(201);
    for (String ttl : new String[] {"59", "86401", "\"3600\"", "60.5"}) {
      assertError(
          client.post(sessions(t), t.apiKey(), "{\"userRef\":\"u1\",\"ttlSeconds\":" + ttl + "}"),
          400,
          "invalid_request",
          "ttlSeconds");
    }
    assertError(client.post(sessions(t), t.apiKey(), "{}"), 400, "invalid_request", "userRef");
    assertError(
        client.post(sessions(t), t.apiKey(), "{\"userRef\":\"a b\"}"),
        400,
        "invalid_request",
        "userRef");
    assertError(
        client.post(sessions(t), t.apiKey(), "{\"userRef\":\"u2\"}"), 404, "not_found", null);
  }

  @Test
  void aSessionTokenMakesTheVerticalSeeThatUser() {
    TestTenant t = client.onboard(ADMIN, "probe");
    register(t, "ada", "ada@example.com");
    register(t, "bob", "bob@example.com");
    Instant before = Instant.now().minusSeconds(5);
    Reply issued = client.post(sessions(t), ADMIN, "{\"userRef\":\"ada\"}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    assertThat(issued.header("Cache-Control")).contains("no-store");
    assertThat(issued.json().getString("userRef")).isEqualTo("ada");
    Instant expiresAt = Instant.parse(issued.json().getString("expiresAt"));
    assertThat(Duration.between(before, expiresAt).toSeconds())
        .as("the default ttl")
        .isBetween(3600L, 3620L);
    String token = issued.json().getString("token");

    Reply me = client.get(whoami(t), token);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().getString("actor")).isEqualTo("USER");
    assertThat(me.json().getString("userRef")).isEqualTo("ada");
    assertThat(me.json().getString("email")).isEqualTo("ada@example.com");
    assertThat(client.get(whoami(t), t.apiKey()).json().getString("actor")).isEqualTo("TENANT");
    assertThat(client.get(whoami(t), ADMIN).json().getString("actor")).isEqualTo("ADMIN");
    assertThat(client.get(whoami(t), null).json().getString("actor")).isEqualTo("CUSTOMER");
    assertThat(client.get(whoami(t), null).json().containsKey("userRef")).isFalse();

    // requireUserOrOwner: a user reaches only their own path; the tenant reaches anybody's
    String profile = "api/t/" + t.slug() + "/probe/users/";
    assertThat(client.get(profile + "ada/profile", token).status()).isEqualTo(200);
    assertError(client.get(profile + "bob/profile", token), 404, "not_found", null);
    assertThat(client.get(profile + "bob/profile", t.apiKey()).status()).isEqualTo(200);
    assertError(client.get(profile + "bob/profile", null), 401, "unauthorized", null);

    // a user's token is never the tenant: not on the tenant's management endpoints
    for (String path :
        new String[] {
          "api/tenants",
          "api/tenants/" + t.slug(),
          users(t) + "ada",
          "api/t/" + t.slug() + "/payments",
          "api/t/" + t.slug() + "/errors"
        }) {
      assertError(client.get(path, token), 401, "unauthorized", null);
    }
    assertError(
        client.post(sessions(t), token, "{\"userRef\":\"bob\"}"), 401, "unauthorized", null);
    assertError(client.post(sessions(t) + "/revoke", token, null), 401, "unauthorized", null);
    assertError(
        client.post("api/tenants/" + t.slug() + "/api-key", token, null),
        401,
        "unauthorized",
        null);
    assertThat(client.get(whoami(t), token).status()).as("still valid").isEqualTo(200);
  }

  @Test
  void aTokenExpiresByThePlatformClock() {
    TestTenant t = client.onboard(ADMIN, "probe");
    register(t, "ada", "ada@example.com");
    Reply issued = client.post(sessions(t), t.apiKey(), "{\"userRef\":\"ada\",\"ttlSeconds\":60}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    String token = issued.json().getString("token");
    assertIsUser(t, token, "ada");

    advanceClock(Duration.ofSeconds(50));
    assertIsUser(t, token, "ada");
    advanceClock(Duration.ofSeconds(11));
    assertRefused(client.get(whoami(t), token));
    assertIsUser(t, token(t, "ada"), "ada");
  }

  @Test
  void anotherTenantsTokenIsRefused() {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    String tokenOfA = userToken(a, "same-ref");
    userToken(b, "same-ref");

    assertIsUser(a, tokenOfA, "same-ref");
    // on the other tenant's path: as if that tenant did not exist
    assertError(client.get(whoami(b), tokenOfA), 404, "not_found", null);
    assertError(client.get("api/t/" + b.slug() + "/probe/hello", tokenOfA), 404, "not_found", null);
    // nor may it be rewritten to name the other tenant
    String[] parts = tokenOfA.split("\\.");
    String aud =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(a.json().getString("id"), b.json().getString("id"));
    assertRefused(client.get(whoami(b), parts[0] + "." + b64(aud) + "." + parts[2]));
  }

  @Test
  void aTamperedTokenIsRefused() {
    TestTenant t = client.onboard(ADMIN, "probe");
    userToken(t, "bob");
    String token = userToken(t, "ada");
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

    assertRefused(
        client.get(
            whoami(t),
            parts[0] + "." + b64(payload.replace("\"ada\"", "\"bob\"")) + "." + parts[2]));
    String longer = payload.replaceFirst("\"exp\":([0-9]+)", "\"exp\":9$1");
    assertThat(longer).isNotEqualTo(payload);
    assertRefused(client.get(whoami(t), parts[0] + "." + b64(longer) + "." + parts[2]));
    char c = parts[2].charAt(5);
    String signature = parts[2].substring(0, 5) + (c == 'A' ? 'B' : 'A') + parts[2].substring(6);
    assertRefused(client.get(whoami(t), parts[0] + "." + parts[1] + "." + signature));
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    assertRefused(client.get(whoami(t), none + "." + parts[1] + "."));
    assertIsUser(t, token, "ada");
  }

  @Test
  void aTokenMissingAClaimIsRefusedEvenWhenSignedWithThePlatformKey() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String real = userToken(t, "ada");
    String payload =
        new String(Base64.getUrlDecoder().decode(real.split("\\.")[1]), StandardCharsets.UTF_8);

    // the forger holds the platform's key: a complete payload passes, so the key is right
    assertIsUser(t, signed(payload), "ada");
    String withoutEpoch = payload.replaceFirst(",?\"sv\":[0-9]+", "");
    assertThat(withoutEpoch).doesNotContain("\"sv\"");
    assertRefused(client.get(whoami(t), signed(withoutEpoch)));
    String withoutSubject = payload.replaceFirst("\"sub\":\"ada\",?", "");
    assertRefused(client.get(whoami(t), signed(withoutSubject)));
  }

  @Test
  void revokingAndRotatingTheApiKeyKillEveryTokenOfTheTenant() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String ada = userToken(t, "ada");
    String bob = userToken(t, "bob");
    assertIsUser(t, ada, "ada");

    assertThat(client.post(sessions(t) + "/revoke", t.apiKey(), null).status()).isEqualTo(204);
    assertRefused(client.get(whoami(t), ada));
    assertRefused(client.get(whoami(t), bob));
    String again = token(t, "ada");
    assertIsUser(t, again, "ada");

    Reply rotated = client.post("api/tenants/" + t.slug() + "/api-key", t.apiKey(), null);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    assertRefused(client.get(whoami(t), again));
    assertError(
        client.post(sessions(t), t.apiKey(), "{\"userRef\":\"ada\"}"), 401, "unauthorized", null);
    TestTenant rekeyed = new TestTenant(t.slug(), rotated.json().getString("apiKey"), t.json());
    assertIsUser(t, token(rekeyed, "ada"), "ada");
    // the admin revokes too
    assertThat(client.post(sessions(t) + "/revoke", ADMIN, null).status()).isEqualTo(204);
  }

  @Test
  void aSuspendedTenantRefusesItsUsers() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String token = userToken(t, "ada");
    assertIsUser(t, token, "ada");

    assertThat(
            client.patch("api/tenants/" + t.slug(), ADMIN, "{\"status\":\"suspended\"}").status())
        .isEqualTo(200);
    assertError(client.get(whoami(t), token), 403, "tenant_suspended", null);
    assertThat(client.get(whoami(t), t.apiKey()).status()).isEqualTo(200);

    assertThat(client.patch("api/tenants/" + t.slug(), ADMIN, "{\"status\":\"active\"}").status())
        .isEqualTo(200);
    assertIsUser(t, token, "ada");
  }

  @Test
  void aTokenNamingAnErasedUserIsRefused() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String token = userToken(t, "ada");
    assertIsUser(t, token, "ada");
    assertThat(client.send("DELETE", users(t) + "ada", t.apiKey(), null, null).status())
        .isEqualTo(204);
    assertRefused(client.get(whoami(t), token));
  }

  /** A token signed with the platform's own key, as only a holder of the key could make it. */
  private static String signed(String payloadJson) throws Exception {
    String input = b64("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}") + "." + b64(payloadJson);
    byte[] seed = PlinthDeployment.SESSION_KEY_SEED.getBytes(StandardCharsets.US_ASCII);
    byte[] prefix = HexFormat.of().parseHex("302e020100300506032b657004220420");
    byte[] pkcs8 = java.util.Arrays.copyOf(prefix, prefix.length + seed.length);
    System.arraycopy(seed, 0, pkcs8, prefix.length, seed.length);
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
