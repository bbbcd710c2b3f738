package dev.plinth.core.security;

import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.spi.SignedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link SignedTokens} with HMAC-SHA256. A token is {@code id.subject.expires.mac}: a random id,
 * the subject in URL-safe base64, the expiry in epoch seconds, and the MAC, in URL-safe base64, of
 * those three with the tenant id and the purpose, which are not in the token but must match to
 * verify. The key is derived from {@code PLINTH_SECRETS_KEY} ({@link SecretBox#derive}).
 */
@ApplicationScoped
public class HmacSignedTokens implements SignedTokens {

  private static final Pattern PURPOSE = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern TOKEN =
      Pattern.compile(
          "([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]*)\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  @Inject PlatformSecrets secrets;

  @Inject CurrentTenant tenant;

  @Inject Clock clock;

  @Inject TokenRedemptions redemptions;

  private volatile SecretKeySpec key;

  private Supplier<UUID> tenantId = () -> tenant.tenantId();

  protected HmacSignedTokens() {}

  /** For tests: a fixed key, tenant and clock. */
  HmacSignedTokens(byte[] key, Supplier<UUID> tenantId, Clock clock) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.tenantId = tenantId;
    this.clock = clock;
  }

  @Override
  public String sign(String purpose, String subject, Duration ttl) {
    if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
      throw new IllegalArgumentException("a token's purpose is 1 to 100 letters, digits, . _ -");
    }
    if (subject == null || subject.length() > 200) {
      throw new IllegalArgumentException("a token's subject is at most 200 characters");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a token's time to live must be positive");
    }
    String body =
        Tokens.random(16)
            + "."
            + B64.encodeToString(subject.getBytes(StandardCharsets.UTF_8))
            + "."
            + clock.instant().plus(ttl).getEpochSecond();
    return body + "." + B64.encodeToString(mac(purpose, body));
  }

  @Override
  public Optional<Verified> verify(String purpose, String token) {
    if (purpose == null || token == null) {
      return Optional.empty();
    }
    var m = TOKEN.matcher(token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String body = m.group(1) + "." + m.group(2) + "." + m.group(3);
    byte[] presented = Base64.getUrlDecoder().decode(m.group(4));
    if (!MessageDigest.isEqual(presented, mac(purpose, body))) {
      return Optional.empty();
    }
    Instant expires = Instant.ofEpochSecond(Long.parseLong(m.group(3)));
    if (!clock.instant().isBefore(expires)) {
      return Optional.empty();
    }
    String subject = new String(Base64.getUrlDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
    return Optional.of(new Verified(m.group(1), subject, expires));
  }

  @Override
  public Optional<Verified> redeem(String purpose, String token) {
    return verify(purpose, token).filter(v -> redemptions.first(tenantId.get(), v));
  }

  private byte[] mac(String purpose, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key());
      String signed = "v1\n" + tenantId.get() + "\n" + purpose + "\n" + body;
      return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }

  /** Derived once, on first use, and kept as a ready key. */
  private SecretKeySpec key() {
    if (key == null) {
      key = new SecretKeySpec(secrets.box().derive("plinth signed tokens v1"), "HmacSHA256");
    }
    return key;
  }
}
