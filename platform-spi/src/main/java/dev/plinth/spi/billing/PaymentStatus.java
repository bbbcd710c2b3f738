package dev.plinth.spi.billing;

import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.DisputeClosed;
import dev.plinth.spi.billing.PaymentEvent.DisputeOpened;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;

/**
 * The status of one payment that a vertical's record takes (an event's fee, an order), and the one
 * table that moves it by Stripe's facts, in whatever order they arrive; {@code
 * dev.plinth.spi.persistence.PaidRecord} keeps it for an entity. Pure: no database, no clock.
 *
 * <pre>
 * pending  -- PAID --> paid -- PARTIALLY_REFUNDED --> partially_refunded -- REFUNDED --> refunded
 *    '-- FAILED --> failed -- PAID --> paid     any unrefunded -- DISPUTE_OPENED --> disputed
 *                        disputed -- DISPUTE_WON --> as before;  -- DISPUTE_LOST --> refunded
 * </pre>
 */
public enum PaymentStatus {
  pending,
  failed,
  paid,
  partially_refunded,
  refunded,
  disputed;

  /** The status in words, such as "partially refunded". */
  public String label() {
    return name().replace('_', ' ');
  }

  /** Whether no money was taken (yet): pending, or failed. */
  public boolean unpaid() {
    return this == pending || this == failed;
  }

  /** Whether the money is the tenant's: paid, or paid with a part refunded. */
  public boolean kept() {
    return this == paid || this == partially_refunded;
  }

  /** What Stripe (or the vertical's own refund) says happened to the payment. */
  public enum Fact {
    PAID,
    FAILED,
    PARTIALLY_REFUNDED,
    REFUNDED,
    DISPUTE_OPENED,
    DISPUTE_WON,
    DISPUTE_LOST;

    /**
     * The fact a typed payment event states: a paid or failed checkout, a refund in full or in
     * part, a dispute opened, won or lost; null for an event that says nothing of the payment's
     * status (a checkout awaiting payment or expired, a subscription's or an invoice's event).
     */
    public static Fact of(PaymentEvent event) {
      if (event instanceof CheckoutPaid) {
        return PAID;
      }
      if (event instanceof CheckoutPaymentFailed) {
        return FAILED;
      }
      if (event instanceof PaymentRefunded r) {
        return r.full() ? REFUNDED : PARTIALLY_REFUNDED;
      }
      if (event instanceof DisputeOpened) {
        return DISPUTE_OPENED;
      }
      if (event instanceof DisputeClosed d) {
        return d.won() ? DISPUTE_WON : DISPUTE_LOST;
      }
      return null;
    }
  }

  /** A status, and for {@code disputed} the status it goes back to if the dispute is won. */
  public record State(PaymentStatus status, PaymentStatus beforeDispute) {

    public static State of(PaymentStatus status) {
      return new State(status, null);
    }

    /** How far the money has gone: pending, failed, paid, partially refunded, refunded. */
    int progress() {
      return (status == disputed ? beforeDispute : status).ordinal();
    }
  }

  /**
   * The state after {@code fact}. A {@code stale} fact (older than the last one applied) is applied
   * only if it moves the money further along pending, failed, paid, partially refunded, refunded;
   * so it never moves the status back, nor opens or closes a dispute.
   */
  public static State next(State s, Fact fact, boolean stale) {
    State to = table(s, fact);
    boolean back = to.progress() <= s.progress() || fact == Fact.DISPUTE_OPENED;
    return stale && back ? s : to;
  }

  private static State table(State s, Fact fact) {
    PaymentStatus now = s.status();
    boolean unpaid = now.unpaid();
    return switch (fact) {
      case PAID -> unpaid ? State.of(paid) : s;
      case FAILED -> now == pending ? State.of(failed) : s;
      case PARTIALLY_REFUNDED ->
          unpaid || now == paid
              ? State.of(partially_refunded)
              : now == disputed ? new State(disputed, partially_refunded) : s;
      case REFUNDED, DISPUTE_LOST -> State.of(refunded);
      case DISPUTE_OPENED ->
          unpaid || now == paid || now == partially_refunded
              ? new State(disputed, unpaid ? paid : now)
              : s;
      case DISPUTE_WON -> now == disputed ? State.of(s.beforeDispute()) : s;
    };
  }
}
