package dev.plinth.reservations;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vertical's settings, under its module id: {@code reservations.*} (as environment variables,
 * {@code RESERVATIONS_HOLD_MINUTES} and so on).
 */
@ApplicationScoped
public class ReservationsConfig {

  /** How long a deposit holds an item before it is released; Stripe allows 30 to 1440. */
  @Inject
  @ConfigProperty(name = "reservations.hold-minutes", defaultValue = "30")
  int holdMinutes;

  /** How often the expiry job looks for holds that ran out. */
  @Inject
  @ConfigProperty(name = "reservations.expiry-interval-seconds", defaultValue = "60")
  int expiryIntervalSeconds;

  /** Deposit attempts one client may make per minute, per tenant. */
  @Inject
  @ConfigProperty(name = "reservations.deposits-per-client-per-minute", defaultValue = "10")
  int depositsPerClientPerMinute;

  /** How long a delayed payment (a bank debit) may take to settle while the item stays held. */
  @Inject
  @ConfigProperty(name = "reservations.delayed-payment-days", defaultValue = "7")
  int delayedPaymentDays;

  @PostConstruct
  void check() {
    if (holdMinutes < 30 || holdMinutes > 1440) {
      throw new IllegalStateException(
          "reservations.hold-minutes must be between 30 and 1440 (Stripe Checkout's limits), not "
              + holdMinutes);
    }
    if (expiryIntervalSeconds < 1 || depositsPerClientPerMinute < 1) {
      throw new IllegalStateException(
          "reservations.expiry-interval-seconds and reservations.deposits-per-client-per-minute"
              + " must be positive");
    }
  }

  public Duration hold() {
    return Duration.ofMinutes(holdMinutes);
  }

  public Duration expiryInterval() {
    return Duration.ofSeconds(expiryIntervalSeconds);
  }

  public Duration delayedPaymentWindow() {
    return Duration.ofDays(delayedPaymentDays);
  }

  public int depositsPerClientPerMinute() {
    return depositsPerClientPerMinute;
  }
}
