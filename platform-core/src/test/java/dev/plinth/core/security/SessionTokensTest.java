package dev.plinth.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

  private static final byte[] SEED =
      "unit-test-session-key-0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final String KEY = Base64.getEncoder().encodeToString(SEED);

  /** The seed as a PKCS#8 DER private key (RFC 8410's fixed prefix, then the seed). */
  private static final byte[] PKCS8 =
      concat(HexFormat.of().parseHex("302e020100300506032b657004220420"), SEED);

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final UUID TENANT = UUID.fromString("7b0c1e9a-3f52-4d7e-9a41-0c2b5e8d6f13");

  private final SessionTokens tokens = SessionTokens.fromKey(KEY);

  private static SessionTokens.Claims claims(Instant expiresAt) {
    return new SessionTokens.Claims(TENANT, "user:42@shop", 3, NOW, expiresAt, "jti-1");
  }

  @Test
  void aSignedTokenVerifiesToItsClaimsUntilItExpires() {
    SessionTokens.Claims c = claims(NOW.plusSeconds(3600));
    String token = tokens.sign(c);

    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(SessionTokens.looksLikeJws(token)).isTrue();
    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    assertThat(header).isEqualTo("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}");
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(payload)
        .contains("\"aud\":\"" + TENANT + "\"")
        .contains("\"sub\":\"user:42@shop\"")
        .contains("\"sv\":3")
        .contains("\"exp\":" + NOW.plusSeconds(3600).getEpochSecond())
        .contains("\"iat\":" + NOW.getEpochSecond());

    assertThat(tokens.verify(token, NOW)).contains(c);
    assertThat(tokens.verify(token, NOW.plusSeconds(3599))).contains(c);
    assertThat(tokens.verify(token, NOW.plusSeconds(3600))).as("at exp").isEmpty();
    assertThat(tokens.verify(token, NOW.plusSeconds(7200))).isEmpty();
  }

  @Test
  void aTamperedPayloadOrSignatureIsRefused() {
    String token = tokens.sign(claims(NOW.plusSeconds(600)));
    String[] parts = token.split("\\.");
    String otherUser =
        b64(
            new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("user:42@shop", "user:43@shop"));
    assertThat(tokens.verify(parts[0] + "." + otherUser + "." + parts[2], NOW)).isEmpty();

    char last = parts[2].charAt(10);
    String flipped = parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[2].substring(11);
    assertThat(tokens.verify(parts[0] + "." + parts[1] + "." + flipped, NOW)).isEmpty();
    assertThat(tokens.verify(parts[0] + "." + parts[1] + ".", NOW)).isEmpty();
    assertThat(tokens.verify(token + "A", NOW)).isEmpty();
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    SessionTokens other = SessionTokens.fromKey(SessionTokens.generateKey());
    String token = other.sign(claims(NOW.plusSeconds(600)));
    assertThat(other.verify(token, NOW)).isPresent();
    assertThat(tokens.verify(token, NOW)).isEmpty();
  }

  @Test
  void otherAlgorithmsAreRefusedWhateverTheirSignature() throws Exception {
    String payload = b64(payloadJson());
    // "none", with and without an empty signature
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    assertThat(tokens.verify(none + "." + payload + ".", NOW)).isEmpty();
    assertThat(tokens.verify(none + "." + payload, NOW)).isEmpty();
    // HS256 keyed with what an attacker might guess: the key's seed itself
    String hs = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SEED, "HmacSHA256"));
    String hmac =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal((hs + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    assertThat(tokens.verify(hs + "." + payload + "." + hmac, NOW)).isEmpty();
    // EdDSA correctly signed, but under a header other than the one Plinth writes
    String variant = b64("{\"typ\":\"JWT\",\"alg\":\"EdDSA\",\"kid\":\"x\"}");
    assertThat(tokens.verify(tokens.signed(variant, payloadJson()), NOW)).isEmpty();
    // and the same forging does produce a token Plinth accepts with its own header
    assertThat(tokens.verify(tokens.signed(SessionTokens.HEADER, payloadJson()), NOW)).isPresent();
  }

  @Test
  void aTokenMissingAClaimOrWithAClaimOfTheWrongTypeIsRefused() {
    for (String claim : new String[] {"aud", "sub", "iat", "exp", "sv", "jti"}) {
      String json = payloadJson().replaceFirst("\"" + claim + "\":(\"[^\"]*\"|-?[0-9]+),?", "");
      assertThat(json).doesNotContain("\"" + claim + "\"");
      assertThat(tokens.verify(tokens.signed(SessionTokens.HEADER, json), NOW)).as(claim).isEmpty();
    }
    String svAsText = payloadJson().replace("\"sv\":3", "\"sv\":\"3\"");
    assertThat(tokens.verify(tokens.signed(SessionTokens.HEADER, svAsText), NOW)).isEmpty();
    String badAud = payloadJson().replace(TENANT.toString(), "not-a-uuid");
    assertThat(tokens.verify(tokens.signed(SessionTokens.HEADER, badAud), NOW)).isEmpty();
    String badSub = payloadJson().replace("user:42@shop", "has space");
    assertThat(tokens.verify(tokens.signed(SessionTokens.HEADER, badSub), NOW)).isEmpty();
    assertThat(tokens.verify(tokens.signed(SessionTokens.HEADER, "[1,2]"), NOW)).isEmpty();
    assertThat(tokens.verify(tokens.signed(SessionTokens.HEADER, "{not json"), NOW)).isEmpty();
  }

  @Test
  void garbageIsRefusedWithoutAnException() {
    for (String s : new String[] {null, "", ".", "..", "a.b.c", "eyJ.eyJ.eyJ", "x".repeat(5000)}) {
      assertThat(tokens.verify(s, NOW)).as(String.valueOf(s)).isEmpty();
    }
    assertThat(SessionTokens.looksLikeJws("plk_abc_def")).isFalse();
    assertThat(SessionTokens.looksLikeJws("it-admin-token-0123456789abcdef")).isFalse();
  }

  @Test
  void theKeyMayBeASeedOrItsPkcs8EncodingInEitherBase64Alphabet() {
    SessionTokens fromPkcs8 = SessionTokens.fromKey(Base64.getEncoder().encodeToString(PKCS8));
    SessionTokens urlSafe =
        SessionTokens.fromKey(" " + Base64.getUrlEncoder().encodeToString(SEED) + "\n");
    String token = tokens.sign(claims(NOW.plusSeconds(60)));
    assertThat(fromPkcs8.verify(token, NOW)).isPresent();
    assertThat(urlSafe.verify(token, NOW)).isPresent();
    assertThat(tokens.verify(fromPkcs8.sign(claims(NOW.plusSeconds(60))), NOW)).isPresent();
  }

  @Test
  void aBadKeyIsRefusedWithAMessageThatDoesNotRepeatIt() {
    assertThatThrownBy(() -> SessionTokens.fromKey("not base64 !!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PLINTH_SESSION_KEY is not base64");
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SessionTokens.fromKey(short16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PLINTH_SESSION_KEY must be base64 of an Ed25519 private key")
        .hasMessageContaining("16 bytes")
        .hasMessageNotContaining(short16);
  }

  private static String payloadJson() {
    return "{\"aud\":\""
        + TENANT
        + "\",\"sub\":\"user:42@shop\",\"iat\":"
        + NOW.getEpochSecond()
        + ",\"exp\":"
        + NOW.plusSeconds(600).getEpochSecond()
        + ",\"sv\":3,\"jti\":\"j\"}";
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
