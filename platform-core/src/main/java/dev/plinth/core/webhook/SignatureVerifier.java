package dev.plinth.core.webhook;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.plinth.spi.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies a delivery's {@code Stripe-Signature} against the raw body with stripe-java. Any {@code
 * v1} signature that matches any active secret passes; a timestamp older than the tolerance fails.
 */
@ApplicationScoped
public class SignatureVerifier {

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_TOLERANCE_SECONDS", defaultValue = "300")
  long toleranceSeconds;

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

  private static ApiException invalid(String why) {
    return new ApiException(400, "invalid_signature", why);
  }
}
