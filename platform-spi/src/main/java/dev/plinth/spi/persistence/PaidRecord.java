package dev.plinth.spi.persistence;

import dev.plinth.spi.billing.PaymentStatus;
import dev.plinth.spi.billing.PaymentStatus.Fact;
import dev.plinth.spi.billing.PaymentStatus.State;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * An {@link EditableRecord} that takes one payment through a checkout (an event's fee, an order)
 * and keeps its {@link PaymentStatus} as Stripe's facts move it, whatever their order: a fact older
 * than the last one applied moves the money only further along, and a repeated one changes nothing.
 * Its table has these columns besides the record's:
 *
 * <pre>{@code
 * payment_status text NOT NULL, status_before_dispute text, last_event_created_at timestamptz,
 * last_webhook_received_at timestamptz, checkout_session_id text, payment_intent_id text,
 * refunded_amount bigint NOT NULL DEFAULT 0, paid_at timestamptz
 * }</pre>
 *
 * List this class in the vertical's {@code persistence.xml}, as {@link TenantOwned}.
 */
@MappedSuperclass
public abstract class PaidRecord extends EditableRecord {

  @Enumerated(EnumType.STRING)
  @Column(name = "payment_status")
  protected PaymentStatus paymentStatus;

  @Enumerated(EnumType.STRING)
  @Column(name = "status_before_dispute")
  protected PaymentStatus statusBeforeDispute;

  @Column(name = "last_event_created_at")
  protected Instant lastEventCreatedAt;

  @Column(name = "last_webhook_received_at")
  protected Instant lastWebhookReceivedAt;

  @Column(name = "checkout_session_id")
  protected String checkoutSessionId;

  @Column(name = "payment_intent_id")
  protected String paymentIntentId;

  @Column(name = "refunded_amount")
  protected long refundedAmount;

  @Column(name = "paid_at")
  protected Instant paidAt;

  /** For Jakarta Persistence, which fills in the fields. */
  protected PaidRecord() {}

  /** A new record, made {@code now}, its payment pending. */
  protected PaidRecord(Instant now) {
    super(now);
    this.paymentStatus = PaymentStatus.pending;
  }

  /** What the payment is, in the currency's minor units: what a full refund gives back. */
  protected abstract long amount();

  /**
   * Applies a payment fact that Stripe created at {@code created} (see {@link PaymentStatus#next});
   * {@code received} is when it reached the record, and {@code fact} is null for an event that
   * moves no status. Answers whether the status changed.
   */
  public boolean apply(Fact fact, Instant created, Instant received) {
    boolean stale = lastEventCreatedAt != null && created.isBefore(lastEventCreatedAt);
    lastWebhookReceivedAt = received;
    if (lastEventCreatedAt == null || created.isAfter(lastEventCreatedAt)) {
      lastEventCreatedAt = created;
    }
    return fact != null && moveTo(PaymentStatus.next(state(), fact, stale), received);
  }

  /** Applies a fact the vertical itself caused (its own refund), in no order with Stripe's. */
  public boolean applyOwn(Fact fact, Instant now) {
    return moveTo(PaymentStatus.next(state(), fact, false), now);
  }

  private State state() {
    return new State(paymentStatus, statusBeforeDispute);
  }

  private boolean moveTo(State to, Instant now) {
    if (to.equals(state())) {
      return false;
    }
    if (to.status() == PaymentStatus.paid && paidAt == null) {
      paidAt = now;
    }
    if (to.status() == PaymentStatus.refunded) {
      refundedAmount = Math.max(refundedAmount, amount());
    }
    paymentStatus = to.status();
    statusBeforeDispute = to.beforeDispute();
    changed(now);
    return true;
  }

  /**
   * The checkout session and payment intent that paid (either may be null: unchanged); the first
   * payment intent stays the record's, so that a second payment can be told apart and refunded.
   */
  public void paidWith(String sessionId, String paymentIntentId) {
    this.checkoutSessionId = sessionId == null ? checkoutSessionId : sessionId;
    this.paymentIntentId = this.paymentIntentId == null ? paymentIntentId : this.paymentIntentId;
  }

  /** Stripe reports {@code amount} refunded in all; the refunded amount never goes down. */
  public void refunded(long amount) {
    refundedAmount = Math.max(refundedAmount, amount);
  }

  /** The checkout session the client was sent to pay in. */
  public void attach(String sessionId) {
    this.checkoutSessionId = sessionId;
  }

  public PaymentStatus status() {
    return paymentStatus;
  }

  /** Whether no money was taken (yet). */
  public boolean unpaid() {
    return paymentStatus.unpaid();
  }

  /** The checkout session it is paid (or to be paid) in. */
  public String sessionId() {
    return checkoutSessionId;
  }

  /** Whether the money is the tenant's: paid, or paid with a part refunded. */
  public boolean kept() {
    return paymentStatus.kept();
  }

  /** The payment intent that paid it, the first one if it was paid twice. */
  public String paymentIntentId() {
    return paymentIntentId;
  }

  /** Whether the record was ever paid. */
  public boolean paidOnce() {
    return paidAt != null;
  }
}
