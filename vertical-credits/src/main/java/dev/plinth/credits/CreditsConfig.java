package dev.plinth.credits;

import java.time.Duration;

/**
 * The vertical's settings ({@code credits.*}, or {@code CREDITS_*}), read once at start.
 *
 * @param lowCapacity the owner is told when the available capacity falls below this many credits
 * @param initialCapacity the capacity a new tenant starts with
 * @param checkoutExpiry how long a purchase's checkout (and its reservation) stays open
 * @param openPurchasesPerUser how many unpaid purchases (reservations) one user may hold at once,
 *     so that no one user can reserve the capacity away
 */
public record CreditsConfig(
    long lowCapacity, long initialCapacity, Duration checkoutExpiry, int openPurchasesPerUser) {}
