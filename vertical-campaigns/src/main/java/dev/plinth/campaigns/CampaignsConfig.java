package dev.plinth.campaigns;

import dev.plinth.spi.SignInLinks;
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
 * @param portal the sign-in to the whole portal by emailed link: how long a link works ({@code
 *     portal-link-minutes}, 30), how long an opened link keeps the customer in ({@code
 *     portal-session-hours}, 24), and the links that may be asked for one email ({@code
 *     portal-links-per-email-per-hour}, 3) and by one client ({@code
 *     portal-links-per-client-per-hour}, 20) per hour
 */
public record CampaignsConfig(
    Duration lifecycleInterval,
    Duration checkout,
    int checkoutsPerClientPerMinute,
    SignInLinks.SignIn portal) {}
