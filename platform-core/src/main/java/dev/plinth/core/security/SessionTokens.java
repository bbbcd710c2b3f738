package dev.plinth.core.security;

import dev.plinth.spi.EndUser;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * End users' session tokens: compact JWS (RFC 7515) signed with Ed25519 under the platform's one
 * key, {@code PLINTH_SESSION_KEY}. The header is always {@code {"alg":"EdDSA","typ":"JWT"}}; the
 * claims are {@code aud} (the tenant's id), {@code sub} (the {@code userRef}), {@code iat} and
 * {@code exp} (seconds since the epoch), {@code sv} (the tenant's session epoch when the token was
 * issued) and {@code jti} (random).
 *
 * <p>{@link #verify} accepts only a token whose header is exactly that one (so {@code "none"}, HMAC
 * or any other algorithm is refused before anything else is read), whose signature verifies under
 * this key, whose claims are all present with the right types, and that has not expired by the
 * given instant. Whether the tenant, the epoch and the user are still current is the caller's check
 * against the database ({@code UserSessions}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SessionTokens {

  /** The only header this codec writes or accepts, base64url-encoded. */
  static final String HEADER =
      b64url("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private static final String ALGORITHM = "Ed25519";
  private static final int SEED_BYTES = 32;
  private static final int SIGNATURE_BYTES = 64;
  private static final int MAX_TOKEN_CHARS = 2048;
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");

  /** The DER prefix of a PKCS#8 Ed25519 private key (RFC 8410), followed by the 32-byte seed. */
  private static final byte[] PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  /**
   * A token's claims.
   *
   * @param tenantId {@code aud}
   * @param userRef {@code sub}
   * @param epoch {@code sv}: the tenant's session epoch at issue
   * @param issuedAt {@code iat}, whole seconds
   * @param expiresAt {@code exp}, whole seconds: the token is refused from this instant on
   * @param id {@code jti}
   */
  public record Claims(
      UUID tenantId, String userRef, long epoch, Instant issuedAt, Instant expiresAt, String id) {}

  private SessionTokens(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * The codec for a key given as base64 (standard or URL-safe alphabet) of an Ed25519 private key:
   * either its 32-byte seed ({@code openssl rand -base64 32}) or its PKCS#8 DER encoding ({@code
   * openssl genpkey -algorithm ed25519 -outform DER | base64 -w0}).
   *
   * @throws IllegalArgumentException naming what is wrong, never the key
   */
  public static SessionTokens fromKey(String base64) {
    byte[] decoded;
    try {
      String s = base64.strip();
      decoded =
          s.indexOf('-') >= 0 || s.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(s)
              : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PLINTH_SESSION_KEY is not base64");
    }
    byte[] seed = decoded.length == SEED_BYTES ? decoded : seedOf(decoded);
    return fromSeed(seed);
  }

  /** A new random key in the form {@link #fromKey} reads: base64 of a 32-byte seed. */
  public static String generateKey() {
    byte[] seed = new byte[SEED_BYTES];
    new SecureRandom().nextBytes(seed);
    return Base64.getEncoder().encodeToString(seed);
  }

  private static byte[] seedOf(byte[] pkcs8) {
    try {
      PrivateKey key =
          KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
        return ed.getBytes().get();
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "PLINTH_SESSION_KEY must be base64 of an Ed25519 private key: its 32-byte seed, or its"
            + " PKCS#8 encoding (it decodes to "
            + pkcs8.length
            + " bytes that are neither)");
  }

  /**
   * Builds the key pair from the seed. The JDK has no public call that derives an Ed25519 public
   * key from its private key, so the key pair generator is handed the seed as its "random" bytes,
   * which is how it makes a private key; the result is checked, and a round trip proves the pair.
   */
  private static SessionTokens fromSeed(byte[] seed) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      KeyPair pair = generator.generateKeyPair();
      PrivateKey privateKey =
          KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8(seed)));
      boolean sameSeed =
          pair.getPrivate() instanceof EdECPrivateKey ed
              && ed.getBytes().map(b -> Arrays.equals(b, seed)).orElse(false);
      SessionTokens tokens = new SessionTokens(privateKey, pair.getPublic());
      byte[] probe = "plinth".getBytes(StandardCharsets.US_ASCII);
      if (!sameSeed || !tokens.verifies(probe, tokens.signature(probe))) {
        throw new IllegalStateException("cannot derive the Ed25519 public key on this JDK");
      }
      return tokens;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available on this JDK: " + e.getMessage(), e);
    }
  }

  private static byte[] pkcs8(byte[] seed) {
    byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + seed.length);
    System.arraycopy(seed, 0, der, PKCS8_PREFIX.length, seed.length);
    return der;
  }

  /** A token carrying {@code claims}. */
  public String sign(Claims claims) {
    JsonObject payload =
        Json.createObjectBuilder()
            .add("aud", claims.tenantId().toString())
            .add("sub", claims.userRef())
            .add("iat", claims.issuedAt().getEpochSecond())
            .add("exp", claims.expiresAt().getEpochSecond())
            .add("sv", claims.epoch())
            .add("jti", claims.id())
            .build();
    return signed(HEADER, payload.toString());
  }

  /**
   * A token of this header and payload with a valid signature. Only {@link #sign} uses it with
   * anything but a complete payload: tests forge tokens with it, as only a holder of the key could.
   */
  String signed(String headerB64, String payloadJson) {
    String input = headerB64 + "." + b64url(payloadJson.getBytes(StandardCharsets.UTF_8));
    return input + "." + b64url(signature(input.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * The claims of a token this key signed that has not expired at {@code now}; empty for anything
   * else, including null and malformed input. It never throws for bad input.
   */
  public Optional<Claims> verify(String token, Instant now) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !HEADER.equals(parts[0])) {
      return Optional.empty();
    }
    if (!SEGMENT.matcher(parts[1]).matches() || !SEGMENT.matcher(parts[2]).matches()) {
      return Optional.empty();
    }
    byte[] signature;
    byte[] payload;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
      payload = Base64.getUrlDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (signature.length != SIGNATURE_BYTES || !verifies(input, signature)) {
      return Optional.empty();
    }
    return claims(payload).filter(c -> now.isBefore(c.expiresAt()));
  }

  /** Whether a bearer token has the shape of a JWS at all (three base64url segments). */
  public static boolean looksLikeJws(String token) {
    return token != null
        && token.startsWith("eyJ")
        && token.chars().filter(c -> c == '.').count() == 2;
  }

  private static Optional<Claims> claims(byte[] payload) {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(payload))) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject json)) {
        return Optional.empty();
      }
      Optional<UUID> aud = string(json, "aud").flatMap(SessionTokens::uuid);
      Optional<String> sub = string(json, "sub").filter(s -> EndUser.REF.matcher(s).matches());
      Optional<Long> iat = number(json, "iat");
      Optional<Long> exp = number(json, "exp");
      Optional<Long> sv = number(json, "sv");
      Optional<String> jti = string(json, "jti");
      if (aud.isEmpty()
          || sub.isEmpty()
          || iat.isEmpty()
          || exp.isEmpty()
          || sv.isEmpty()
          || jti.isEmpty()
          || iat.get() > exp.get()) {
        return Optional.empty();
      }
      return Optional.of(
          new Claims(
              aud.get(),
              sub.get(),
              sv.get(),
              Instant.ofEpochSecond(iat.get()),
              Instant.ofEpochSecond(exp.get()),
              jti.get()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> string(JsonObject json, String name) {
    return json.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
  }

  private static Optional<Long> number(JsonObject json, String name) {
    if (json.get(name) instanceof JsonNumber n && n.isIntegral()) {
      try {
        return Optional.of(n.longValueExact());
      } catch (ArithmeticException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<UUID> uuid(String s) {
    try {
      return Optional.of(UUID.fromString(s)).filter(u -> u.toString().equals(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] signature(byte[] input) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(privateKey);
      s.update(input);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a session token", e);
    }
  }

  private boolean verifies(byte[] input, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(publicKey);
      s.update(input);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String b64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Hands out the same bytes once: the seed, to the key pair generator. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient byte[] bytes;
    private boolean used;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
      if (used || out.length != bytes.length) {
        throw new IllegalStateException("the key pair generator asked for unexpected bytes");
      }
      used = true;
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
