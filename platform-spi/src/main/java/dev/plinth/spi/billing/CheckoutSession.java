package dev.plinth.spi.billing;

import java.time.Instant;

/**
 * A Checkout Session as Stripe created it.
 *
 * @param id {@code cs_...}
 * @param url the hosted payment page
 * @param expiresAt when it can no longer be paid
 */
public record CheckoutSession(String id, String url, Instant expiresAt) {}
