package dev.plinth.reservations;

import java.time.Duration;

/**
 * The vertical's settings, under its module id: {@code reservations.hold-minutes} (as an
 * environment variable, {@code RESERVATIONS_HOLD_MINUTES}) and so on (read by the module class).
 *
 * @param hold how long a deposit holds an item before it is released, within Stripe Checkout's
 *     limits ({@code hold-minutes}, 30)
 * @param expiryInterval how often the expiry job looks for holds that ran out ({@code
 *     expiry-interval-seconds}, 60)
 * @param depositsPerClientPerMinute deposit attempts one client may make per minute, per tenant
 *     ({@code deposits-per-client-per-minute}, 10)
 * @param delayedPaymentWindow how long a delayed payment (a bank debit) may take to settle while
 *     the item stays held ({@code delayed-payment-days}, 7)
 */
public record ReservationsConfig(
    Duration hold,
    Duration expiryInterval,
    int depositsPerClientPerMinute,
    Duration delayedPaymentWindow) {}
