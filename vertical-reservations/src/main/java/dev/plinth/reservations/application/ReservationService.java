package dev.plinth.reservations.application;

import dev.plinth.reservations.ReservationsConfig;
import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.ItemRepository;
import dev.plinth.reservations.domain.ItemStatus;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.reservations.domain.ReservationRepository;
import dev.plinth.reservations.domain.ReservationStatus;
import dev.plinth.reservations.rest.Responses.ReservationPortal;
import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.Severity;
import dev.plinth.spi.TenantContext;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every change to a reservation, each in one tenant transaction: taking an item, and applying what
 * Stripe (this is the vertical's payment listener) and the expiry job report. Each transition is
 * allowed only from the states the {@link Reservation} lifecycle names, so duplicate and stale
 * events change nothing.
 */
@ApplicationScoped
@TenantTransactional
public class ReservationService implements PaymentListener {

  @Inject ItemRepository items;

  @Inject ReservationRepository reservations;

  @Inject BillingService billing;

  @Inject Notifications notifications;

  @Inject ErrorReporter errors;

  @Inject TenantContext tenant;

  @Inject ReservationsConfig config;

  @Inject Clock clock;

  /** A hold just taken: what its checkout needs. */
  public record Held(Reservation reservation, Item item) {}

  /**
   * Takes the item for a customer who holds no other: the item is taken ({@link
   * ItemRepository#take}) and the pending reservation written in one transaction, whose unique
   * indexes back both rules up.
   */
  public Held hold(UUID itemId, Reservation.Customer customer) {
    Item item = items.require(itemId);
    if (item.status() == ItemStatus.available && reservations.hasPendingHold(customer.email())) {
      throw Refusal.conflict(
          "hold_exists", "this email already holds an item; pay or let that hold expire first");
    }
    Instant now = clock.instant();
    items.take(item, now);
    Reservation r =
        new Reservation(UUID.randomUUID(), item, customer, now.plus(config.hold()), now);
    reservations.add(r);
    return new Held(r, item);
  }

  /** Records the Stripe session that the customer pays in. */
  public void attach(UUID reservationId, CheckoutSession session) {
    reservations
        .lock(reservationId)
        .ifPresent(r -> r.attachSession(session.id(), session.expiresAt(), clock.instant()));
  }

  /** Undoes a hold whose checkout could not be created: as if it never happened. */
  public void release(UUID reservationId) {
    reservations
        .lock(reservationId)
        .filter(r -> r.status() == ReservationStatus.pending)
        .ifPresent(
            r -> {
              items.move(r.itemId(), ItemStatus.held, ItemStatus.available, clock.instant());
              reservations.remove(r);
            });
  }

  public List<Reservation> list(ReservationStatus status) {
    return reservations.list(status);
  }

  /** The customer's view of the reservation paid in this Checkout Session. */
  public Optional<ReservationPortal> portal(String sessionId) {
    return reservations.bySession(sessionId).map(r -> r.portal(items.require(r.itemId())));
  }

  public List<UUID> due(int limit) {
    return reservations.due(clock.instant(), limit);
  }

  /**
   * The expiry job's step: a pending hold past its time expires and frees the item. Returns the
   * Stripe session to expire, if this call expired the hold.
   */
  public Optional<String> expireIfDue(UUID reservationId) {
    Instant now = clock.instant();
    return reservations
        .lock(reservationId)
        .filter(r -> r.status() == ReservationStatus.pending && !r.expiresAt().isAfter(now))
        .flatMap(
            r -> {
              release(r, ReservationStatus.expired, null);
              return Optional.ofNullable(r.checkoutSessionId());
            });
  }

  /** The deposit is paid (session completed and paid, or a delayed payment succeeded). */
  @Override
  public void checkoutPaid(CheckoutPaid event) {
    Facts e = event.facts();
    Optional<Reservation> found = find(e);
    if (found.isEmpty()) {
      return;
    }
    Reservation r = found.get();
    Instant now = clock.instant();
    if (billing.isRefunded(e.paymentIntentId())) {
      // the refund's event came first: the payment no longer holds anything
      r.paidWith(e.paymentIntentId());
      if (r.status() == ReservationStatus.pending) {
        release(r, ReservationStatus.refunded, e.created());
      } else if (r.status() == ReservationStatus.expired
          || r.status() == ReservationStatus.failed) {
        r.move(ReservationStatus.refunded, e.created(), now);
      }
      return;
    }
    // the session's total must be exactly the deposit: Money compares currencies in lowercase
    if (r.status().awaitsPayment() && !r.deposit().equals(e.amount())) {
      refundMismatch(r, e);
      return;
    }
    switch (r.status()) {
      case pending -> {
        if (!items.move(r.itemId(), ItemStatus.held, ItemStatus.reserved, now)) {
          throw new IllegalStateException(
              "reservation " + r.id() + " is pending but its item is not held");
        }
        confirm(r, e);
      }
      case expired, failed -> {
        r.paidWith(e.paymentIntentId());
        if (items.move(r.itemId(), ItemStatus.available, ItemStatus.reserved, now)) {
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
   * The session completed with a delayed payment (a bank debit): the hold is kept while the bank
   * settles, which takes days, so the expiry job leaves it alone; the payment's success or failure
   * ends it.
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
    String paymentIntent = event.facts().paymentIntentId();
    if (event.full() && paymentIntent != null) {
      refunded(paymentIntent, event.created());
    }
  }

  /** The deposit was refunded in full: the reservation ends; a reserved item is free again. */
  void refunded(String paymentIntentId, Instant created) {
    reservations
        .lockByPayment(paymentIntentId)
        .ifPresent(
            r -> {
              Instant now = clock.instant();
              if (r.status() == ReservationStatus.confirmed) {
                items.move(r.itemId(), ItemStatus.reserved, ItemStatus.available, now);
                r.move(ReservationStatus.refunded, created, now);
              } else if (r.status() == ReservationStatus.completed) {
                r.move(ReservationStatus.refunded, created, now);
              }
            });
  }

  private void releasePending(Facts e, ReservationStatus to) {
    find(e)
        .filter(r -> r.status() == ReservationStatus.pending)
        .ifPresent(r -> release(r, to, e.created()));
  }

  private void release(Reservation r, ReservationStatus to, Instant eventCreated) {
    Instant now = clock.instant();
    items.move(r.itemId(), ItemStatus.held, ItemStatus.available, now);
    r.move(to, eventCreated, now);
  }

  private void confirm(Reservation r, Facts e) {
    r.paidWith(e.paymentIntentId());
    if (r.checkoutSessionId() == null) {
      r.attachSession(e.checkoutSessionId(), r.expiresAt(), clock.instant());
    }
    r.move(ReservationStatus.confirmed, e.created(), clock.instant());
    Item item = items.require(r.itemId());
    Notices.confirmed(r, item, tenant.ownerEmail()).forEach(notifications::enqueue);
  }

  /**
   * A payment for a hold that had ended, when someone else holds the item now: refunded through
   * Stripe (once, whatever the retries), flagged, and logged for the tenant.
   */
  private void refundConflict(Reservation r, Facts e) {
    String refundId = refundInFull(r, e, "conflict-");
    r.move(ReservationStatus.refunded_conflict, e.created(), clock.instant());
    errors.report(
        Severity.WARNING,
        "reservation "
            + r.id()
            + " was paid after its hold ended and the item is taken by someone else; the"
            + " deposit was refunded ("
            + refundId
            + ")");
  }

  /**
   * A payment whose amount or currency is not the deposit recorded for the reservation (the session
   * was altered, or paid with a discount the deposit does not allow): it confirms nothing. The
   * payment is refunded in full through Stripe (once, whatever the retries), the reservation is
   * flagged {@code amount_mismatch}, a held item is free again, and the tenant's error log says
   * what was expected and what was paid.
   */
  private void refundMismatch(Reservation r, Facts e) {
    String refundId = refundInFull(r, e, "mismatch-");
    if (r.status() == ReservationStatus.pending) {
      release(r, ReservationStatus.amount_mismatch, e.created());
    } else {
      r.move(ReservationStatus.amount_mismatch, e.created(), clock.instant());
    }
    errors.report(
        Severity.WARNING,
        "checkout session "
            + e.checkoutSessionId()
            + " of reservation "
            + r.id()
            + " paid "
            + (e.amount() == null ? "no amount (no currency)" : money(e.amount()))
            + " but the deposit is "
            + money(r.deposit())
            + "; nothing was confirmed, the payment was refunded in full ("
            + refundId
            + ") and the item is not held for it");
  }

  /** Amounts as the error log shows them: minor units and currency, such as "25000 usd". */
  private static String money(Money m) {
    return m.amount() + " " + m.currency();
  }

  /**
   * Refunds the event's payment in full, with an idempotency reference derived from the
   * reservation, so a handler that runs again cannot refund twice; returns Stripe's refund id.
   */
  private String refundInFull(Reservation r, Facts e, String why) {
    if (e.paymentIntentId() == null) {
      throw new IllegalStateException(
          "a paid session without a payment intent: " + e.checkoutSessionId());
    }
    r.paidWith(e.paymentIntentId());
    return billing.refund(e.paymentIntentId(), null, why + r.id());
  }

  private Optional<Reservation> find(Facts e) {
    return reservations.lockFor(e.checkoutSessionId(), Optional.ofNullable(e.reference()));
  }
}
