/**
 * Stripe billing for verticals: checkout ({@link dev.plinth.spi.billing.BillingService#checkout}
 * with compensation), the typed {@link dev.plinth.spi.billing.PaymentEvent payment events} a
 * vertical listens to, and subscriptions. A vertical never reads Stripe's JSON; the raw {@link
 * dev.plinth.spi.billing.StripeEvent} remains for event types the typed events do not cover.
 */
package dev.plinth.spi.billing;
