package dev.plinth.core.health;

import dev.plinth.core.config.PlinthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Checks the platform's Stripe configuration for form (there is no network here): the API base is
 * an http(s) URL, and the platform key and Connect webhook secrets, when set, look like Stripe's.
 */
@Readiness
@ApplicationScoped
public class StripeConfigReadinessCheck implements HealthCheck {

  private static final Pattern KEY = Pattern.compile("(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}");
  private static final Pattern WHSEC = Pattern.compile("whsec_[A-Za-z0-9+/=_-]{8,250}");

  @Inject PlinthConfig config;

  /**
   * What is wrong with the settings, without repeating any secret. The Connect webhook secret may
   * be a list during a rotation: each entry must look like a secret.
   */
  static List<String> problems(
      String apiBase, Optional<String> secretKey, List<String> connectWebhookSecrets) {
    List<String> problems = new ArrayList<>();
    try {
      URI base = URI.create(apiBase);
      if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme())) {
        problems.add("STRIPE_API_BASE must be an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      problems.add("STRIPE_API_BASE is not a URL");
    }
    secretKey
        .filter(k -> !KEY.matcher(k).matches())
        .ifPresent(k -> problems.add("STRIPE_SECRET_KEY is not a Stripe secret key"));
    if (connectWebhookSecrets.stream().anyMatch(s -> !WHSEC.matcher(s).matches())) {
      problems.add(
          "STRIPE_CONNECT_WEBHOOK_SECRET is not a whsec_ secret, or a comma-separated list of them");
    }
    return problems;
  }

  @Override
  public HealthCheckResponse call() {
    List<String> problems =
        problems(
            config.stripeApiBase(), config.stripeSecretKey(), config.stripeConnectWebhookSecrets());
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("stripe-config")
            .withData("apiBase", config.stripeApiBase())
            .withData("connect", config.stripeSecretKey().isPresent());
    return problems.isEmpty()
        ? r.up().build()
        : r.down().withData("error", String.join("; ", problems)).build();
  }
}
