package dev.plinth.reservations;

import dev.plinth.spi.Settings;
import dev.plinth.spi.billing.CheckoutRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vertical's settings, under its module id: {@code reservations.hold-minutes} (as an
 * environment variable, {@code RESERVATIONS_HOLD_MINUTES}) and so on.
 */
@ApplicationScoped
public class ReservationsConfig {

  private static final String P = ReservationsModule.ID + ".";

  /** How long a deposit holds an item before it is released; within Stripe Checkout's limits. */
  @Inject
  @ConfigProperty(name = P + "hold-minutes", defaultValue = "30")
  int holdMinutes;

  /** How often the expiry job looks for holds that ran out. */
  @Inject
  @ConfigProperty(name = P + "expiry-interval-seconds", defaultValue = "60")
  int expiryIntervalSeconds;

  /** Deposit attempts one client may make per minute, per tenant. */
  @Inject
  @ConfigProperty(name = P + "deposits-per-client-per-minute", defaultValue = "10")
  int depositsPerClientPerMinute;

  /** How long a delayed payment (a bank debit) may take to settle while the item stays held. */
  @Inject
  @ConfigProperty(name = P + "delayed-payment-days", defaultValue = "7")
  int delayedPaymentDays;

  @PostConstruct
  void check() {
    CheckoutRequest.checkExpiry(P + "hold-minutes", hold());
    Settings.positive(P + "expiry-interval-seconds", expiryIntervalSeconds);
    Settings.positive(P + "deposits-per-client-per-minute", depositsPerClientPerMinute);
    Settings.positive(P + "delayed-payment-days", delayedPaymentDays);
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
