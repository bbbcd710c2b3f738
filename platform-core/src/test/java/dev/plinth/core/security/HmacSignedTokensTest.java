package dev.plinth.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.SignedTokens.Verified;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HmacSignedTokensTest {

  static final byte[] KEY =
      new SecretBox(Base64.getEncoder().encodeToString(new byte[32]))
          .derive("plinth signed tokens v1");

  final UUID tenantA = UUID.randomUUID();
  final AtomicReference<UUID> tenant = new AtomicReference<>(tenantA);
  final MovableClock clock = new MovableClock();
  final HmacSignedTokens tokens = new HmacSignedTokens(KEY, tenant::get, clock);

  @Test
  void aTokenVerifiesForItsPurposeAndTenantAndSaysWhatItWasSignedAbout() {
    String token = tokens.sign("campaigns.portal-link", "customer-42", Duration.ofMinutes(30));
    assertThat(token).matches("[A-Za-z0-9_.-]+");
    Verified v = tokens.verify("campaigns.portal-link", token).orElseThrow();
    assertThat(v.subject()).isEqualTo("customer-42");
    assertThat(v.expiresAt())
        .isEqualTo(
            clock
                .instant()
                .plus(Duration.ofMinutes(30))
                .with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0));
    assertThat(v.id()).hasSize(22);
    // two tokens for the same subject have different ids
    String again = tokens.sign("campaigns.portal-link", "customer-42", Duration.ofMinutes(30));
    assertThat(tokens.verify("campaigns.portal-link", again).orElseThrow().id())
        .isNotEqualTo(v.id());
  }

  @Test
  void aTamperedTokenIsRefused() {
    String token = tokens.sign("p", "customer-42", Duration.ofMinutes(30));
    String[] parts = token.split("\\.");
    String otherSubject =
        Base64.getUrlEncoder().withoutPadding().encodeToString("customer-43".getBytes());
    assertThat(tokens.verify("p", parts[0] + "." + otherSubject + "." + parts[2] + "." + parts[3]))
        .isEmpty();
    long later = Long.parseLong(parts[2]) + 86400;
    assertThat(tokens.verify("p", parts[0] + "." + parts[1] + "." + later + "." + parts[3]))
        .isEmpty();
    char last = parts[3].charAt(0);
    String flipped = (last == 'A' ? 'B' : 'A') + parts[3].substring(1);
    assertThat(tokens.verify("p", parts[0] + "." + parts[1] + "." + parts[2] + "." + flipped))
        .isEmpty();
    assertThat(tokens.verify("p", token + "x")).isEmpty();
    assertThat(tokens.verify("p", "")).isEmpty();
    assertThat(tokens.verify("p", null)).isEmpty();
    assertThat(tokens.verify("p", "a.b.c.d")).isEmpty();
  }

  @Test
  void aTokenForOnePurposeDoesNotServeAnother() {
    String token = tokens.sign("campaigns.portal-link", "customer-42", Duration.ofMinutes(30));
    assertThat(tokens.verify("campaigns.portal-session", token)).isEmpty();
  }

  @Test
  void aTokenOfOneTenantIsRefusedAtAnother() {
    String token = tokens.sign("p", "customer-42", Duration.ofMinutes(30));
    tenant.set(UUID.randomUUID());
    assertThat(tokens.verify("p", token)).isEmpty();
    tenant.set(tenantA);
    assertThat(tokens.verify("p", token)).isPresent();
  }

  @Test
  void aTokenSignedUnderAnotherKeyIsRefused() {
    byte[] other = KEY.clone();
    other[0] ^= 1;
    String token =
        new HmacSignedTokens(other, tenant::get, clock).sign("p", "s", Duration.ofHours(1));
    assertThat(tokens.verify("p", token)).isEmpty();
  }

  @Test
  void aTokenExpiresByThePlatformClock() {
    String token = tokens.sign("p", "customer-42", Duration.ofMinutes(30));
    clock.advance(Duration.ofMinutes(29));
    assertThat(tokens.verify("p", token)).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(tokens.verify("p", token)).isEmpty();
  }

  @Test
  void badArgumentsToSignAreRefused() {
    assertThatThrownBy(() -> tokens.sign("has space", "s", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.sign("p", "s".repeat(201), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.sign("p", "s", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A clock that only moves when told to. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-30T12:00:00.250Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
