package dev.plinth.reservations;

import dev.plinth.reservations.ReservationsResource.DepositRequest;
import dev.plinth.reservations.ReservationsResource.ItemRequest;
import dev.plinth.reservations.ReservationsResource.ItemSummary;
import dev.plinth.reservations.ReservationsResource.ReservationPortal;
import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.Severity;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent.CheckoutAwaitingPayment;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The vertical's transactions, each one tenant transaction, and the repository of its items and
 * reservations; also its payment listener. The webhook, the expiry job and the tenant change a
 * reservation after {@link #lock}ing it, one at a time, and only from the states the {@link
 * Reservation} lifecycle names, so duplicate and stale events change nothing.
 */
@ApplicationScoped
@TenantTransactional
public class ReservationService extends Repository<Reservation> implements PaymentListener {

  @Inject BillingService billing;
  @Inject Notifications notifications;
  @Inject ErrorReporter errors;
  @Inject ReservationsConfig config;
  @Inject Clock clock;

  ReservationService() {
    super(ReservationsModule.class, Reservation.class, "reservation");
  }

  public Item create(ItemRequest details) {
    return add(new Item(details, clock.instant()));
  }

  public Item update(UUID id, ItemRequest details) {
    Item item = item(id);
    item.apply(details, clock.instant());
    return item;
  }

  public Item item(UUID id) {
    return byId(Item.class, id).orElseThrow(() -> Refusal.notFound("item " + id));
  }

  public List<Item> items() {
    return select(Item.class, "SELECT i FROM Item i ORDER BY i.createdAt, i.id").getResultList();
  }

  /** The tenant sold a reserved item: the item is sold, its confirmed reservation completed. */
  public Item sell(UUID id) {
    Item item = item(id);
    if (!moveItem(id, ItemStatus.reserved, ItemStatus.sold, clock.instant())) {
      throw Refusal.conflict(
          "item_not_reserved", "only a reserved item can be sold; this one is " + item.status());
    }
    first(
            select(
                "SELECT r FROM Reservation r WHERE r.itemId = :item"
                    + " AND r.status = dev.plinth.reservations.ReservationStatus.confirmed",
                "item",
                id))
        .ifPresent(r -> r.move(ReservationStatus.completed, null, clock.instant()));
    return item(id);
  }

  /** Reservations of an item by status, and the deposits taken (confirmed or completed). */
  public ItemSummary summary(UUID id) {
    Item item = item(id);
    Map<String, Long> counts = new TreeMap<>();
    Arrays.stream(ReservationStatus.values()).forEach(s -> counts.put(s.name(), 0L));
    long taken = 0;
    for (Object[] row :
        select(
                Object[].class,
                "SELECT r.status, count(r), sum(r.depositAmount) FROM Reservation r"
                    + " WHERE r.itemId = :item GROUP BY r.status",
                "item",
                id)
            .getResultList()) {
      ReservationStatus status = (ReservationStatus) row[0];
      counts.put(status.name(), ((Number) row[1]).longValue());
      if (status == ReservationStatus.confirmed || status == ReservationStatus.completed) {
        taken += ((Number) row[2]).longValue();
      }
    }
    return new ItemSummary(id, item.status(), counts, new Money(taken, item.currency()));
  }

  /** A hold just taken: what its checkout needs. */
  public record Held(Reservation reservation, Item item) {}

  /**
   * Takes the item for a customer who holds no other, in one transaction: the item moves {@code
   * available → held} in a conditional update ({@link #moveItem}), and the pending reservation is
   * written at once, so that the database's unique indexes speak now. A refusal says why: {@code
   * item_unavailable}, {@code hold_exists} (one pending hold per email) or {@code
   * race_condition_lost} (another request took the item since it was read).
   */
  public Held hold(UUID itemId, DepositRequest customer) {
    Item item = item(itemId);
    if (item.status() != ItemStatus.available) {
      throw unavailable(item.status());
    }
    if (select(
                Long.class,
                "SELECT count(r) FROM Reservation r WHERE LOWER(r.customerEmail) = LOWER(:email)"
                    + " AND r.status = dev.plinth.reservations.ReservationStatus.pending",
                "email",
                customer.email())
            .getSingleResult()
        > 0) {
      throw Refusal.conflict(
          "hold_exists", "this email already holds an item; pay or let that hold expire first");
    }
    Instant now = clock.instant();
    if (!moveItem(itemId, ItemStatus.available, ItemStatus.held, now)) {
      throw raceLost();
    }
    Reservation r = new Reservation(item, customer, now.plus(config.hold()), now);
    try {
      add(r);
      em().flush();
    } catch (PersistenceException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (String.valueOf(c.getMessage()).contains("one_pending_per_email")) {
          throw Refusal.conflict("hold_exists", "this email already holds an item");
        }
      }
      throw raceLost();
    }
    return new Held(r, item);
  }

  /** The refusal of a deposit for an item that is not available. */
  static Refusal unavailable(ItemStatus status) {
    return Refusal.conflict("item_unavailable", "this item is " + status + ", not available");
  }

  private static Refusal raceLost() {
    return Refusal.conflict("race_condition_lost", "another customer took this item a moment ago");
  }

  /**
   * Moves the item from {@code from} to {@code to} in one conditional update; returns false when it
   * was not in {@code from} (another request or event got there first). This is the race guard.
   */
  private boolean moveItem(UUID id, ItemStatus from, ItemStatus to, Instant now) {
    int updated =
        execute(
            "UPDATE Item i SET i.status = :to, i.updatedAt = :now"
                + " WHERE i.id = :id AND i.status = :from",
            "id",
            id,
            "from",
            from,
            "to",
            to,
            "now",
            now);
    if (updated == 1) {
      // the bulk update bypassed the persistence context: never keep a stale status in it
      em().refresh(em().find(Item.class, id));
    }
    return updated == 1;
  }

  /** Records the Stripe session that the customer pays in. */
  public void attach(UUID reservationId, CheckoutSession session) {
    lock(reservationId)
        .ifPresent(r -> r.attachSession(session.id(), session.expiresAt(), clock.instant()));
  }

  /** Undoes a hold whose checkout could not be created: as if it never happened. */
  public void release(UUID reservationId) {
    lock(reservationId)
        .filter(r -> r.status() == ReservationStatus.pending)
        .ifPresent(
            r -> {
              moveItem(r.itemId(), ItemStatus.held, ItemStatus.available, clock.instant());
              remove(r);
            });
  }

  /** The tenant's reservations of these statuses, newest first. */
  public List<Reservation> list(List<ReservationStatus> statuses) {
    return select(
            "SELECT r FROM Reservation r WHERE r.status IN :statuses"
                + " ORDER BY r.createdAt DESC, r.id",
            "statuses",
            statuses)
        .getResultList();
  }

  /** The customer's view of the reservation paid in this Checkout Session. */
  public Optional<ReservationPortal> portal(String sessionId) {
    return first(where("checkoutSessionId", sessionId)).map(r -> r.portal(item(r.itemId())));
  }

  /** Pending holds past their time, oldest first. */
  public List<UUID> due(int limit) {
    return select(
            UUID.class,
            "SELECT r.id FROM Reservation r WHERE r.expiresAt <= :now"
                + " AND r.status = dev.plinth.reservations.ReservationStatus.pending"
                + " ORDER BY r.expiresAt",
            "now",
            clock.instant())
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * The expiry job's step: a pending hold past its time expires and frees the item. Returns the
   * Stripe session to expire, if this call expired the hold.
   */
  public Optional<String> expireIfDue(UUID reservationId) {
    Instant now = clock.instant();
    return lock(reservationId)
        .filter(r -> r.status() == ReservationStatus.pending && !r.expiresAt().isAfter(now))
        .flatMap(
            r -> {
              end(r, ReservationStatus.expired, null);
              return Optional.ofNullable(r.checkoutSessionId());
            });
  }

  /** The deposit is paid (session completed and paid, or a delayed payment succeeded). */
  @Override
  public void checkoutPaid(CheckoutPaid event) {
    find(event.facts()).ifPresent(r -> paid(r, event.facts()));
  }

  private void paid(Reservation r, Facts e) {
    Instant now = clock.instant();
    if (billing.isRefunded(e.paymentIntentId())) {
      // the refund's event came first: the payment no longer holds anything
      r.paidWith(e.paymentIntentId());
      if (r.status().awaitsPayment()) {
        end(r, ReservationStatus.refunded, e.created());
      }
      return;
    }
    // the session's total must be exactly the deposit (Money has its currency in lowercase)
    if (r.status().awaitsPayment() && !r.deposit().equals(e.amount())) {
      refundMismatch(r, e);
      return;
    }
    switch (r.status()) {
      case pending -> {
        if (!moveItem(r.itemId(), ItemStatus.held, ItemStatus.reserved, now)) {
          throw new IllegalStateException(
              "reservation " + r.id() + " is pending but its item is not held");
        }
        confirm(r, e);
      }
      case expired, failed -> {
        r.paidWith(e.paymentIntentId());
        if (moveItem(r.itemId(), ItemStatus.available, ItemStatus.reserved, now)) {
          // paid late, but the item was still free: the customer gets it
          confirm(r, e);
        } else {
          refundConflict(r, e);
        }
      }
      default -> {
        // confirmed, completed or refunded already: a repeated or stale event
      }
    }
  }

  /**
   * A delayed payment (a bank debit) is on its way: the hold is kept while the bank settles, which
   * takes days, beyond the expiry job's reach; the payment's success or failure ends it.
   */
  @Override
  public void checkoutAwaitingPayment(CheckoutAwaitingPayment event) {
    Facts e = event.facts();
    Instant settleBy = e.created().plus(config.delayedPaymentWindow());
    find(e)
        .filter(r -> r.status() == ReservationStatus.pending)
        .ifPresent(r -> r.attachSession(e.checkoutSessionId(), settleBy, clock.instant()));
  }

  /** A delayed payment failed: the hold ends and the item is free again. */
  @Override
  public void checkoutPaymentFailed(CheckoutPaymentFailed event) {
    releasePending(event.facts(), ReservationStatus.failed);
  }

  /** Stripe expired the session: a hold still pending ends; anything else stays. */
  @Override
  public void checkoutExpired(CheckoutExpired event) {
    releasePending(event.facts(), ReservationStatus.expired);
  }

  @Override
  public void paymentRefunded(PaymentRefunded event) {
    event.refundedInFull().ifPresent(paymentIntent -> refunded(paymentIntent, event.created()));
  }

  /** The deposit was refunded in full: the reservation ends; a reserved item is free again. */
  void refunded(String paymentIntentId, Instant created) {
    first(locking(where("externalPaymentId", paymentIntentId)))
        .ifPresent(
            r -> {
              Instant now = clock.instant();
              if (r.status() == ReservationStatus.confirmed) {
                moveItem(r.itemId(), ItemStatus.reserved, ItemStatus.available, now);
                r.move(ReservationStatus.refunded, created, now);
              } else if (r.status() == ReservationStatus.completed) {
                r.move(ReservationStatus.refunded, created, now);
              }
            });
  }

  private void releasePending(Facts e, ReservationStatus to) {
    find(e)
        .filter(r -> r.status() == ReservationStatus.pending)
        .ifPresent(r -> end(r, to, e.created()));
  }

  /** Ends the reservation in {@code to}; a pending one frees the item it held. */
  private void end(Reservation r, ReservationStatus to, Instant eventCreated) {
    Instant now = clock.instant();
    if (r.status() == ReservationStatus.pending) {
      moveItem(r.itemId(), ItemStatus.held, ItemStatus.available, now);
    }
    r.move(to, eventCreated, now);
  }

  private void confirm(Reservation r, Facts e) {
    r.paidWith(e.paymentIntentId());
    if (r.checkoutSessionId() == null) {
      r.attachSession(e.checkoutSessionId(), r.expiresAt(), clock.instant());
    }
    r.move(ReservationStatus.confirmed, e.created(), clock.instant());
    String item = item(r.itemId()).name();
    r.confirmation(item, tenant.ownerEmail()).forEach(notifications::enqueue);
  }

  /**
   * A payment for a hold that had ended, when someone else holds the item now: refunded through
   * Stripe (once, whatever the retries), flagged, and logged for the tenant.
   */
  private void refundConflict(Reservation r, Facts e) {
    String refundId = billing.refundInFull(e, "conflict-" + r.id());
    r.move(ReservationStatus.refunded_conflict, e.created(), clock.instant());
    errors.report(
        Severity.WARNING,
        ("reservation %s was paid after its hold ended and the item is taken by someone else; the"
                + " deposit was refunded (%s)")
            .formatted(r.id(), refundId));
  }

  /**
   * A payment that is not the recorded deposit (an altered session, a discount) confirms nothing:
   * it is refunded in full (once, whatever the retries), the reservation is flagged, a held item is
   * free again, and the tenant's error log says what was expected and what was paid.
   */
  private void refundMismatch(Reservation r, Facts e) {
    r.paidWith(e.paymentIntentId());
    String refundId = billing.refundInFull(e, "mismatch-" + r.id());
    end(r, ReservationStatus.amount_mismatch, e.created());
    Object paid = e.amount() == null ? "no amount (no currency)" : e.amount();
    errors.report(
        Severity.WARNING,
        ("checkout session %s of reservation %s paid %s but the deposit is %s; nothing was"
                + " confirmed, the payment was refunded in full (%s) and the item is not held for it")
            .formatted(e.checkoutSessionId(), r.id(), paid, r.deposit(), refundId));
  }

  /** The reservation a checkout's event is about, locked: by its reference, or by the session. */
  private Optional<Reservation> find(Facts e) {
    return lockForCheckout(e);
  }
}
