package dev.plinth.testkit.it;

import dev.plinth.testkit.stripe.StripeSimulator;
import java.time.Duration;
import java.util.List;

/**
 * The one Stripe simulator of the integration tests, started on first use in the test JVM, on the
 * port that the test server's {@code STRIPE_API_BASE} names ({@code plinth.it.stripePort}). Plinth
 * reaches it through stripe-java over loopback, as it would reach Stripe. The platform account has
 * a Connect endpoint registered with the secret the server is configured with.
 */
public final class SimulatedStripe {

  /** The platform's own Stripe key in the test server's configuration. */
  public static final String PLATFORM_KEY = "sk_test_itplatform0123456789";

  /** The Connect endpoint's secret in the test server's configuration. */
  public static final String CONNECT_SECRET = "whsec_itconnectsecret123";

  private static StripeSimulator sim;

  private SimulatedStripe() {}

  public static synchronized StripeSimulator get() {
    if (sim == null) {
      sim = StripeSimulator.start(Integer.getInteger("plinth.it.stripePort", 12112));
      // Stripe retries over days; the tests only need to see that it does
      sim.retryDelays(List.of(Duration.ofMillis(200), Duration.ofSeconds(1)));
      sim.addEndpoint(
          PLATFORM_KEY,
          "http://localhost:"
              + Integer.getInteger("plinth.it.httpPort", 19080)
              + "/api/webhooks/stripe/connect",
          CONNECT_SECRET,
          true);
    }
    return sim;
  }
}
