package dev.plinth.core.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Plinth's own metrics, in MicroProfile Metrics' application scope ({@code mp_scope="application"}
 * at {@code /metrics}). Every figure is tagged by vertical where one applies, and never by tenant:
 * the number of series must stay bounded however many tenants there are (per-tenant figures belong
 * in the console). Names here are the registry's; Prometheus sees dots as underscores, with {@code
 * _total} on counters and {@code _seconds} on timers. The backlog gauges are {@link
 * BacklogGauges}'.
 */
@ApplicationScoped
public class PlinthMetrics {

  /** The vertical tag's value where no vertical applies (an unroutable or unknown delivery). */
  public static final String NO_VERTICAL = "none";

  static final Metadata DELIVERIES =
      Metadata.builder()
          .withName("plinth.webhook.deliveries")
          .withDescription(
              "Stripe deliveries received, by outcome (new, duplicate, rejected) and, for a"
                  + " rejected one, the error code")
          .build();

  static final Metadata PROCESSING =
      Metadata.builder()
          .withName("plinth.webhook.processing")
          .withDescription(
              "Events processed, by outcome (completed, skipped, failed, dead), with the time"
                  + " each attempt took")
          .build();

  static final Metadata RETRIES =
      Metadata.builder()
          .withName("plinth.webhook.retries")
          .withDescription("Attempts at an event after its first (retries and replays)")
          .build();

  static final Metadata STRIPE_CALLS =
      Metadata.builder()
          .withName("plinth.stripe.calls")
          .withDescription(
              "Calls to Stripe's API, by outcome (ok, client_error, server_error, network_error),"
                  + " with their latency")
          .build();

  static final Metadata CHECKOUTS =
      Metadata.builder()
          .withName("plinth.checkout.sessions.created")
          .withDescription("Stripe Checkout sessions created")
          .build();

  static final Metadata RATE_LIMITED =
      Metadata.builder()
          .withName("plinth.ratelimit.refusals")
          .withDescription("Requests refused with 429 by a rate limit, by the limit's bucket")
          .build();

  @Inject MetricRegistry registry;

  /**
   * A delivery from Stripe was answered.
   *
   * @param outcome {@code new}, {@code duplicate} or {@code rejected}
   * @param reason the error code of a rejected delivery; {@code none} otherwise
   */
  public void delivery(String vertical, String outcome, String reason) {
    registry
        .counter(
            DELIVERIES,
            vertical(vertical),
            new Tag("outcome", outcome),
            new Tag("reason", reason == null ? "none" : reason))
        .inc();
  }

  /**
   * An attempt at an event ended.
   *
   * @param outcome {@code completed}, {@code skipped}, {@code failed} or {@code dead}
   * @param attempt the attempt's number: any after the first is also counted as a retry
   */
  public void processed(String vertical, String outcome, int attempt, Duration took) {
    registry.timer(PROCESSING, vertical(vertical), new Tag("outcome", outcome)).update(took);
    if (attempt > 1) {
      registry.counter(RETRIES, vertical(vertical)).inc();
    }
  }

  /**
   * One HTTP call to Stripe's API (each network retry is a call of its own).
   *
   * @param outcome {@code ok}, {@code client_error}, {@code server_error} or {@code network_error}
   */
  public void stripeCall(String vertical, String outcome, Duration took) {
    registry.timer(STRIPE_CALLS, vertical(vertical), new Tag("outcome", outcome)).update(took);
  }

  /** A Checkout session was created and recorded. */
  public void checkoutCreated(String vertical) {
    registry.counter(CHECKOUTS, vertical(vertical)).inc();
  }

  /** A request was refused by the rate limit named {@code bucket} (a name chosen in code). */
  public void rateLimited(String vertical, String bucket) {
    registry.counter(RATE_LIMITED, vertical(vertical), new Tag("bucket", bucket)).inc();
  }

  private static Tag vertical(String vertical) {
    return new Tag("vertical", vertical == null || vertical.isBlank() ? NO_VERTICAL : vertical);
  }
}
