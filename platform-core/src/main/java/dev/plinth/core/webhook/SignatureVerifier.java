package dev.plinth.core.webhook;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies a delivery's {@code Stripe-Signature} against the raw body with stripe-java. Any {@code
 * v1} signature that matches any active secret passes; a timestamp older than the tolerance fails,
 * and so does one more than {@link #MAX_FUTURE_SECONDS} ahead of the clock (stripe-java checks only
 * the past).
 */
@ApplicationScoped
public class SignatureVerifier {

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_TOLERANCE_SECONDS", defaultValue = "300")
  long toleranceSeconds;

  /** How far ahead of Plinth's clock a signature's timestamp may be: clocks differ a little. */
  static final long MAX_FUTURE_SECONDS = 300;

  /**
   * Refuses the start on a tolerance that stripe-java would read as "no check of the age at all"
   * (zero or less), which would let a captured delivery be replayed forever.
   *
   * @throws IllegalStateException with an operator-facing message
   */
  public void checkConfiguration() {
    if (toleranceSeconds < 1) {
      throw new IllegalStateException(
          "Plinth refuses to start: PLINTH_WEBHOOK_TOLERANCE_SECONDS is "
              + toleranceSeconds
              + ", which turns off the check of a webhook signature's age; set it to at least 1"
              + " (Stripe recommends 300)");
    }
  }

  /**
   * @throws ApiException 400 {@code invalid_signature}, saying why without revealing any secret
   */
  public void verify(String payload, String header, List<String> secrets) {
    if (header == null || header.isBlank()) {
      throw invalid("the Stripe-Signature header is missing");
    }
    if (secrets.isEmpty()) {
      throw invalid("no webhook secret is set for this endpoint yet");
    }
    Long timestamp = timestamp(header);
    if (timestamp != null && timestamp > clock.instant().getEpochSecond() + MAX_FUTURE_SECONDS) {
      throw invalid(
          "the signature's timestamp is more than " + MAX_FUTURE_SECONDS + " s in the future");
    }
    String reason = "no v1 signature matches the endpoint's secret";
    for (String secret : secrets) {
      try {
        Webhook.Signature.verifyHeader(payload, header, secret, toleranceSeconds, clock);
        return;
      } catch (SignatureVerificationException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("tolerance")) {
          reason = "the signature's timestamp is outside the " + toleranceSeconds + " s tolerance";
        } else if (message.contains("Unable to extract")) {
          reason = "the Stripe-Signature header is malformed";
        }
      }
    }
    throw invalid(reason);
  }

  /**
   * The header's {@code t=} value; null when it has none (stripe-java then says it is malformed).
   */
  private static Long timestamp(String header) {
    for (String item : header.split(",")) {
      String[] kv = item.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equals("t")) {
        try {
          return Long.parseLong(kv[1].trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static ApiException invalid(String why) {
    return new ApiException(400, "invalid_signature", why);
  }
}
