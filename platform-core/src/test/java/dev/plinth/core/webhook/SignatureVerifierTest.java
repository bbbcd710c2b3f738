package dev.plinth.core.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.net.Webhook;
import dev.plinth.spi.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

  static final String PAYLOAD = "{\"id\":\"evt_1\",\"type\":\"x\"}";
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  SignatureVerifier verifier() {
    SignatureVerifier v = new SignatureVerifier();
    v.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    v.toleranceSeconds = 300;
    return v;
  }

  static String header(long t, String... secrets) {
    StringBuilder h = new StringBuilder("t=").append(t);
    for (String s : secrets) {
      try {
        String one = Webhook.Signature.generateSignatureHeader(PAYLOAD, s, t);
        h.append(one.substring(one.indexOf(",v1=")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return h.toString();
  }

  @Test
  void acceptsAnyMatchingSignatureForAnyActiveSecret() throws Exception {
    long t = NOW.getEpochSecond();
    assertThatCode(() -> verifier().verify(PAYLOAD, header(t, "whsec_a"), List.of("whsec_a")))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                verifier()
                    .verify(
                        PAYLOAD, header(t, "whsec_x", "whsec_b"), List.of("whsec_a", "whsec_b")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesWrongSecretsStaleTimestampsAndMissingHeaders() throws Exception {
    long t = NOW.getEpochSecond();
    assertInvalid(
        () -> verifier().verify(PAYLOAD, header(t, "whsec_x"), List.of("whsec_a")), "no v1");
    assertInvalid(
        () -> verifier().verify(PAYLOAD, header(t - 301, "whsec_a"), List.of("whsec_a")),
        "tolerance");
    assertInvalid(() -> verifier().verify(PAYLOAD, null, List.of("whsec_a")), "missing");
    assertInvalid(
        () -> verifier().verify(PAYLOAD, header(t, "whsec_a"), List.of()), "no webhook secret");
    assertInvalid(
        () -> verifier().verify(PAYLOAD + " ", header(t, "whsec_a"), List.of("whsec_a")), "no v1");
  }

  @Test
  void refusesTimestampsMoreThanFiveMinutesInTheFuture() {
    long t = NOW.getEpochSecond();
    assertInvalid(
        () -> verifier().verify(PAYLOAD, header(t + 301, "whsec_a"), List.of("whsec_a")), "future");
    assertInvalid(
        () -> verifier().verify(PAYLOAD, header(t + 86_400, "whsec_a"), List.of("whsec_a")),
        "future");
    // a clock a little behind Stripe's is not a reason to refuse
    assertThatCode(() -> verifier().verify(PAYLOAD, header(t + 300, "whsec_a"), List.of("whsec_a")))
        .doesNotThrowAnyException();
  }

  @Test
  void aToleranceThatWouldTurnOffTheAgeCheckRefusesTheStart() {
    for (long tolerance : new long[] {0, -1}) {
      SignatureVerifier v = verifier();
      v.toleranceSeconds = tolerance;
      assertThatThrownBy(v::checkConfiguration)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refuses to start")
          .hasMessageContaining("PLINTH_WEBHOOK_TOLERANCE_SECONDS");
    }
    assertThatCode(verifier()::checkConfiguration).doesNotThrowAnyException();
  }

  static void assertInvalid(Runnable r, String why) {
    assertThatThrownBy(r::run)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(why)
        .matches(e -> ((ApiException) e).code().equals("invalid_signature"));
  }
}
