package dev.plinth.events;

/**
 * An event's payment status and the one table that moves it; see docs/EVENTS.md. Pure: no database,
 * no clock.
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

  /** What Stripe (or a cancellation's refund) says happened to the payment. */
  public enum Fact {
    PAID,
    FAILED,
    PARTIALLY_REFUNDED,
    REFUNDED,
    DISPUTE_OPENED,
    DISPUTE_WON,
    DISPUTE_LOST
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
    boolean unpaid = now == pending || now == failed;
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
