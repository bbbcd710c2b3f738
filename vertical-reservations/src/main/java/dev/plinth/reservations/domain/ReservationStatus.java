package dev.plinth.reservations.domain;

import java.util.EnumSet;
import java.util.Set;

/** The states of a {@link Reservation}; see its Javadoc for who moves it between them. */
public enum ReservationStatus {
  pending,
  confirmed,
  completed,
  expired,
  failed,
  refunded,
  refunded_conflict,
  amount_mismatch;

  /** The states that hold the item; the database allows one per item. */
  public static final Set<ReservationStatus> ACTIVE = EnumSet.of(pending, confirmed);

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  /**
   * Whether a payment may still confirm this reservation: it is pending, or it ended without being
   * paid (a payment that arrives late may still take the item).
   */
  public boolean awaitsPayment() {
    return this == pending || this == expired || this == failed;
  }
}
