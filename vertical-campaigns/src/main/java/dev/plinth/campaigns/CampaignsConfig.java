package dev.plinth.campaigns;

import java.time.Duration;

/**
 * The vertical's settings, under its module id: {@code campaigns.checkout-minutes} (as an
 * environment variable, {@code CAMPAIGNS_CHECKOUT_MINUTES}) and so on (read by the module class).
 *
 * @param lifecycleInterval how often the lifecycle job launches and completes campaigns that are
 *     due ({@code lifecycle-interval-seconds}, 60)
 * @param checkout how long a buyer has to pay in Stripe Checkout, within Stripe's limits ({@code
 *     checkout-minutes}, 60)
 * @param checkoutsPerClientPerMinute checkouts one client may start per minute, per tenant ({@code
 *     checkouts-per-client-per-minute}, 10)
 * @param portalLink how long an emailed link to the portal works ({@code portal-link-minutes}, 30)
 * @param portalSession how long an opened link keeps the customer in their portal ({@code
 *     portal-session-hours}, 24)
 * @param portalLinksPerEmailPerHour portal links that may be asked for one email per hour ({@code
 *     portal-links-per-email-per-hour}, 3)
 * @param portalLinksPerClientPerHour portal links one client may ask for per hour, per tenant
 *     ({@code portal-links-per-client-per-hour}, 20)
 */
public record CampaignsConfig(
    Duration lifecycleInterval,
    Duration checkout,
    int checkoutsPerClientPerMinute,
    Duration portalLink,
    Duration portalSession,
    int portalLinksPerEmailPerHour,
    int portalLinksPerClientPerHour) {}
