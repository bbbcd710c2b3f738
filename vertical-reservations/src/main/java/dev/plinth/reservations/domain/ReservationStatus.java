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
  refunded_conflict;

  /** The states that hold the item; the database allows one per item. */
  public static final Set<ReservationStatus> ACTIVE = EnumSet.of(pending, confirmed);

  public boolean isActive() {
    return ACTIVE.contains(this);
  }
}
