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

  /** How long an emailed link to the portal works, in minutes. */
  @Inject
  @ConfigProperty(name = "campaigns.portal-link-minutes", defaultValue = "30")
  int portalLinkMinutes;

  /** How long an opened link keeps the customer in their portal, in hours. */
  @Inject
  @ConfigProperty(name = "campaigns.portal-session-hours", defaultValue = "24")
  int portalSessionHours;

  /** Portal links that may be asked for one email per hour. */
  @Inject
  @ConfigProperty(name = "campaigns.portal-links-per-email-per-hour", defaultValue = "3")
  int portalLinksPerEmailPerHour;

  /** Portal links one client may ask for per hour, per tenant. */
  @Inject
  @ConfigProperty(name = "campaigns.portal-links-per-client-per-hour", defaultValue = "20")
  int portalLinksPerClientPerHour;

  @PostConstruct
  void check() {
    if (lifecycleIntervalSeconds < 1) {
      throw new IllegalStateException("campaigns.lifecycle-interval-seconds must be positive");
    }
    if (checkoutMinutes < 30 || checkoutMinutes > 1440) {
      throw new IllegalStateException(
          "campaigns.checkout-minutes must be between 30 and 1440, not " + checkoutMinutes);
    }
    if (portalLinkMinutes < 1 || portalSessionHours < 1) {
      throw new IllegalStateException(
          "campaigns.portal-link-minutes and campaigns.portal-session-hours must be positive");
    }
  }

  public Duration lifecycleInterval() {
    return Duration.ofSeconds(lifecycleIntervalSeconds);
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

  public Duration checkout() {
    return Duration.ofMinutes(checkoutMinutes);
  }
}
