package dev.plinth.reservations.domain;

import dev.plinth.reservations.ReservationsModule;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reservations of the bound tenant; callers bring the transaction. The webhook, the expiry job and
 * the tenant change a reservation after {@link #lock}ing it, one at a time.
 */
@ApplicationScoped
public class ReservationRepository extends Repository<Reservation> {

  ReservationRepository() {
    super(ReservationsModule.class, Reservation.class, "reservation");
  }

  /**
   * Adds a pending hold at once, so that the database's unique indexes speak now: a concurrent
   * request that won one is a refusal, {@code hold_exists} (one pending hold per email) or {@code
   * race_condition_lost} (one active reservation per item).
   */
  @Override
  public void add(Reservation r) {
    try {
      super.add(r);
      em().flush();
    } catch (PersistenceException e) {
      if (String.valueOf(rootMessage(e)).contains("one_pending_per_email")) {
        throw Refusal.conflict("hold_exists", "this email already holds an item");
      }
      throw raceLost();
    }
  }

  static Refusal raceLost() {
    return Refusal.conflict("race_condition_lost", "another customer took this item a moment ago");
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage();
  }

  public Optional<Reservation> bySession(String sessionId) {
    return first("Reservation.bySession", "session", sessionId);
  }

  /**
   * The reservation a checkout's event is about, locked: by the reference on the session, or else
   * by the session.
   */
  public Optional<Reservation> lockFor(String sessionId, Optional<String> reference) {
    return lockForCheckout(reference, sessionId, "Reservation.bySession");
  }

  /** The reservation a payment paid for, locked. */
  public Optional<Reservation> lockByPayment(String paymentIntentId) {
    return locked("Reservation.byPayment", "payment", paymentIntentId)
        .getResultStream()
        .findFirst();
  }

  public Optional<Reservation> confirmedFor(UUID itemId) {
    return first("Reservation.confirmedFor", "item", itemId);
  }

  public boolean hasPendingHold(String email) {
    return named(Long.class, "Reservation.pendingFor", "email", email).getSingleResult() > 0;
  }

  public List<Reservation> list(ReservationStatus status) {
    return status == null
        ? named("Reservation.all").getResultList()
        : named("Reservation.byStatus", "status", status).getResultList();
  }

  /** Pending holds past their time, oldest first. */
  public List<UUID> due(Instant now, int limit) {
    return named(UUID.class, "Reservation.due", "now", now).setMaxResults(limit).getResultList();
  }

  /** Per status: how many, and the deposits they carry. */
  public List<Object[]> countsForItem(UUID itemId) {
    return named(Object[].class, "Reservation.countsForItem", "item", itemId).getResultList();
  }
}
