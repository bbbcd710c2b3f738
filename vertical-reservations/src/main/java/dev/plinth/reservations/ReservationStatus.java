package dev.plinth.reservations;

/**
 * The states of a {@link Reservation}; see its Javadoc for who moves it between them. The database
 * allows one active reservation ({@code pending} or {@code confirmed}) per item.
 */
public enum ReservationStatus {
  pending,
  confirmed,
  completed,
  expired,
  failed,
  refunded,
  refunded_conflict,
  amount_mismatch;

  /**
   * Whether a payment may still confirm this reservation: it is pending, or it ended without being
   * paid (a payment that arrives late may still take the item).
   */
  public boolean awaitsPayment() {
    return this == pending || this == expired || this == failed;
  }
}
