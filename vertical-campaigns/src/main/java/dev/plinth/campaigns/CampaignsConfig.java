package dev.plinth.campaigns;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The vertical's settings, under its module id: {@code campaigns.*} ({@code CAMPAIGNS_...}). */
@ApplicationScoped
public class CampaignsConfig {

  /** How often the lifecycle job launches and completes campaigns that are due. */
  @Inject
  @ConfigProperty(name = "campaigns.lifecycle-interval-seconds", defaultValue = "60")
  int lifecycleIntervalSeconds;

  /** How long a buyer has to pay in Stripe Checkout, in minutes (Stripe allows 30 to 1440). */
  @Inject
  @ConfigProperty(name = "campaigns.checkout-minutes", defaultValue = "60")
  int checkoutMinutes;

  /** Checkouts one client may start per minute, per tenant. */
  @Inject
  @ConfigProperty(name = "campaigns.checkouts-per-client-per-minute", defaultValue = "10")
  int checkoutsPerClientPerMinute;

  @PostConstruct
  void check() {
    if (lifecycleIntervalSeconds < 1) {
      throw new IllegalStateException("campaigns.lifecycle-interval-seconds must be positive");
    }
    if (checkoutMinutes < 30 || checkoutMinutes > 1440) {
      throw new IllegalStateException(
          "campaigns.checkout-minutes must be between 30 and 1440, not " + checkoutMinutes);
    }
  }

  public Duration lifecycleInterval() {
    return Duration.ofSeconds(lifecycleIntervalSeconds);
  }

  public int checkoutsPerClientPerMinute() {
    return checkoutsPerClientPerMinute;
  }

  public Duration checkout() {
    return Duration.ofMinutes(checkoutMinutes);
  }
}
