/**
 * The reservations vertical (module id {@code reservations}): a tenant sells scarce one-of-a-kind
 * items, and a customer pays a deposit through Stripe Checkout to hold one. Exactly one customer
 * ever holds an item: a conditional update takes it, a partial unique index backs that up, and
 * every Stripe event (late, twice, out of order) is applied through the reservation's state
 * machine.
 *
 * <p>It uses the core only through {@code dev.plinth.spi}: the entities {@link Item} and {@link
 * Reservation}, the transactions in {@link ReservationService} (also their repository and the
 * payment listener), and the HTTP API in {@link ReservationsResource}.
 */
package dev.plinth.reservations;
