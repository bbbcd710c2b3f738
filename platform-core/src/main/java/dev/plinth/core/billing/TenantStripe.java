package dev.plinth.core.billing;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.errorlog.Category;
import dev.plinth.core.errorlog.ErrorLog;
import dev.plinth.core.metrics.PlinthMetrics;
import dev.plinth.core.security.PlatformSecrets;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.spi.Severity;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A stripe-java client for one tenant: its own secret key in direct mode, or the platform key with
 * {@code Stripe-Account} in Connect mode. Never the global {@code Stripe.apiKey}. The API base is
 * {@code STRIPE_API_BASE}; timeouts are set, and network retries reuse the idempotency key. Every
 * call is counted and timed ({@link MeasuredStripeHttpClient}).
 */
@ApplicationScoped
public class TenantStripe {

  @Inject PlinthConfig config;

  @Inject PlatformSecrets secrets;

  @Inject ErrorLog errorLog;

  @Inject PlinthMetrics metrics;

  @Inject
  @ConfigProperty(name = "STRIPE_CONNECT_TIMEOUT_MS", defaultValue = "5000")
  int connectTimeoutMs;

  @Inject
  @ConfigProperty(name = "STRIPE_READ_TIMEOUT_MS", defaultValue = "20000")
  int readTimeoutMs;

  public StripeClient clientFor(Tenant t) {
    StripeClient.StripeClientBuilder b =
        StripeClient.builder()
            .setApiBase(config.stripeApiBase())
            .setConnectTimeout(connectTimeoutMs)
            .setReadTimeout(readTimeoutMs)
            .setMaxNetworkRetries(2)
            .setHttpClient(new MeasuredStripeHttpClient(metrics, t.vertical()));
    if (t.stripeMode() == Tenant.StripeMode.direct) {
      b.setApiKey(
          secrets.box().open(t.stripeSecretKeySealed(), TenantService.aad(t, "stripe-key")));
    } else {
      String platformKey =
          config
              .stripeSecretKey()
              .orElseThrow(
                  () ->
                      new ApiException(
                          502,
                          "stripe_error",
                          "this tenant uses Stripe Connect, and the platform has no STRIPE_SECRET_KEY",
                          Map.of(),
                          REFUSED));
      b.setApiKey(platformKey).setStripeAccount(t.stripeAccountId());
    }
    return b.build();
  }

  /** What a customer is told when Stripe fails: the details are for the tenant and admins. */
  static final String REFUSED = "the payment provider refused the request; please try again later";

  /** Stripe said no, or could not be reached: 502 with Stripe's message, and an error-log entry. */
  public ApiException failure(Tenant t, String what, StripeException e) {
    String errorId =
        errorLog.record(
            Severity.ERROR,
            Category.billing,
            what + " failed: " + e.getMessage(),
            e,
            errorLog.currentContext().withTenant(t.id()));
    String message;
    if (e instanceof ApiConnectionException) {
      message = "Stripe could not be reached; try again shortly";
    } else if (e.getStripeError() != null && e.getStripeError().getMessage() != null) {
      message = e.getStripeError().getMessage();
    } else {
      message =
          "the request failed (" + e.getClass().getSimpleName().replace("Exception", "") + ")";
    }
    // Stripe's words may describe the tenant's account: they stay with the tenant and admins
    return new ApiException(
        502, "stripe_error", "Stripe: " + message, Map.of("errorId", errorId), REFUSED);
  }
}
