package dev.plinth.core.billing;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import dev.plinth.core.metrics.PlinthMetrics;
import java.time.Duration;

/**
 * stripe-java's own HTTP client, with each call to Stripe counted by outcome and timed, under the
 * tenant's vertical. Each network retry is a call of its own.
 */
final class MeasuredStripeHttpClient extends HttpURLConnectionClient {

  private final PlinthMetrics metrics;
  private final String vertical;

  MeasuredStripeHttpClient(PlinthMetrics metrics, String vertical) {
    this.metrics = metrics;
    this.vertical = vertical;
  }

  @Override
  public StripeResponse request(StripeRequest request) throws ApiConnectionException {
    long t0 = System.nanoTime();
    String outcome = "network_error";
    try {
      StripeResponse response = super.request(request);
      outcome = outcome(response.code());
      return response;
    } finally {
      metrics.stripeCall(vertical, outcome, Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  static String outcome(int status) {
    if (status >= 500) {
      return "server_error";
    }
    return status >= 400 ? "client_error" : "ok";
  }
}
