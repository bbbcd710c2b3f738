package dev.plinth.reservations.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reservations of the bound tenant; callers bring the transaction. */
@ApplicationScoped
public class ReservationRepository {

  @PersistenceContext(unitName = "reservations")
  EntityManager em;

  /**
   * The reservation, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): the
   * webhook, the expiry job and the tenant change one reservation one at a time, each seeing what
   * the one before it committed.
   */
  public Optional<Reservation> lock(UUID id) {
    return Optional.ofNullable(em.find(Reservation.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  public void add(Reservation r) {
    em.persist(r);
    em.flush();
  }

  public void remove(Reservation r) {
    em.remove(r);
  }

  public Optional<Reservation> bySession(String sessionId) {
    return em.createNamedQuery("Reservation.bySession", Reservation.class)
        .setParameter("session", sessionId)
        .getResultStream()
        .findFirst();
  }

  /** The reservation paid in a session, locked as {@link #lock} does. */
  public Optional<Reservation> lockBySession(String sessionId) {
    return em.createNamedQuery("Reservation.bySession", Reservation.class)
        .setParameter("session", sessionId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .findFirst();
  }

  /** The reservation a payment paid for, locked as {@link #lock} does. */
  public Optional<Reservation> lockByPayment(String paymentIntentId) {
    return em.createNamedQuery("Reservation.byPayment", Reservation.class)
        .setParameter("payment", paymentIntentId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .findFirst();
  }

  public Optional<Reservation> confirmedFor(UUID itemId) {
    return em.createNamedQuery("Reservation.activeForItem", Reservation.class)
        .setParameter("item", itemId)
        .setParameter("status", ReservationStatus.confirmed)
        .getResultStream()
        .findFirst();
  }

  public boolean hasPendingHold(String email) {
    return em.createNamedQuery("Reservation.pendingFor", Long.class)
            .setParameter("pending", ReservationStatus.pending)
            .setParameter("email", email)
            .getSingleResult()
        > 0;
  }

  public List<Reservation> list(ReservationStatus status) {
    return status == null
        ? em.createNamedQuery("Reservation.all", Reservation.class).getResultList()
        : em.createNamedQuery("Reservation.byStatus", Reservation.class)
            .setParameter("status", status)
            .getResultList();
  }

  public List<UUID> due(Instant now, int limit) {
    return em.createNamedQuery("Reservation.due", UUID.class)
        .setParameter("pending", ReservationStatus.pending)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  /** Per status: how many, and the deposits they carry. */
  public List<Object[]> countsForItem(UUID itemId) {
    return em.createNamedQuery("Reservation.countsForItem", Object[].class)
        .setParameter("item", itemId)
        .getResultList();
  }
}
