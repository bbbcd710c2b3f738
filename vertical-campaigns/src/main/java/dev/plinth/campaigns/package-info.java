/**
 * The campaigns vertical (module id {@code campaigns}): an agency sells marketing campaign packages
 * to local contractors. A contractor buys one through Stripe Checkout; the payment makes the
 * contractor a customer (never twice) and schedules a campaign that launches after the package's
 * delay (72 h by default). A scheduled job launches and completes campaigns; the contractor follows
 * them in a portal reached by the Checkout Session id.
 *
 * <p>It uses the core only through {@code dev.plinth.spi}: entities that build their own JSON
 * views, {@link CampaignService} over them, and {@link CampaignsResource} under {@code
 * /api/t/{slug}/campaigns}.
 */
package dev.plinth.campaigns;
