package dev.plinth.campaigns;

import dev.plinth.spi.Settings;
import dev.plinth.spi.billing.CheckoutRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The vertical's settings, under its module id: {@code campaigns.*} ({@code CAMPAIGNS_...}). */
@ApplicationScoped
public class CampaignsConfig {

  private static final String P = CampaignsModule.ID + ".";

  /** How often the lifecycle job launches and completes campaigns that are due. */
  @Inject
  @ConfigProperty(name = P + "lifecycle-interval-seconds", defaultValue = "60")
  int lifecycleIntervalSeconds;

  /** How long a buyer has to pay in Stripe Checkout, in minutes, within Stripe's limits. */
  @Inject
  @ConfigProperty(name = P + "checkout-minutes", defaultValue = "60")
  int checkoutMinutes;

  /** Checkouts one client may start per minute, per tenant. */
  @Inject
  @ConfigProperty(name = P + "checkouts-per-client-per-minute", defaultValue = "10")
  int checkoutsPerClientPerMinute;

  /** How long an emailed link to the portal works, in minutes. */
  @Inject
  @ConfigProperty(name = P + "portal-link-minutes", defaultValue = "30")
  int portalLinkMinutes;

  /** How long an opened link keeps the customer in their portal, in hours. */
  @Inject
  @ConfigProperty(name = P + "portal-session-hours", defaultValue = "24")
  int portalSessionHours;

  /** Portal links that may be asked for one email per hour. */
  @Inject
  @ConfigProperty(name = P + "portal-links-per-email-per-hour", defaultValue = "3")
  int portalLinksPerEmailPerHour;

  /** Portal links one client may ask for per hour, per tenant. */
  @Inject
  @ConfigProperty(name = P + "portal-links-per-client-per-hour", defaultValue = "20")
  int portalLinksPerClientPerHour;

  @PostConstruct
  void check() {
    CheckoutRequest.checkExpiry(P + "checkout-minutes", checkout());
    Settings.positive(P + "lifecycle-interval-seconds", lifecycleIntervalSeconds);
    Settings.positive(P + "checkouts-per-client-per-minute", checkoutsPerClientPerMinute);
    Settings.positive(P + "portal-link-minutes", portalLinkMinutes);
    Settings.positive(P + "portal-session-hours", portalSessionHours);
    Settings.positive(P + "portal-links-per-email-per-hour", portalLinksPerEmailPerHour);
    Settings.positive(P + "portal-links-per-client-per-hour", portalLinksPerClientPerHour);
  }

  public Duration lifecycleInterval() {
    return Duration.ofSeconds(lifecycleIntervalSeconds);
  }

  public Duration checkout() {
    return Duration.ofMinutes(checkoutMinutes);
  }

  public int checkoutsPerClientPerMinute() {
    return checkoutsPerClientPerMinute;
  }

  public Duration portalLink() {
    return Duration.ofMinutes(portalLinkMinutes);
  }

  public Duration portalSession() {
    return Duration.ofHours(portalSessionHours);
  }

  public int portalLinksPerEmailPerHour() {
    return portalLinksPerEmailPerHour;
  }

  public int portalLinksPerClientPerHour() {
    return portalLinksPerClientPerHour;
  }
}
