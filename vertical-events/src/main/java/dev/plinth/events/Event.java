package dev.plinth.events;

import dev.plinth.events.EventsResource.EventBody;
import dev.plinth.events.EventsResource.EventView;
import dev.plinth.events.PaymentStatus.Fact;
import dev.plinth.events.PaymentStatus.State;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.billing.ConnectedCharge;
import dev.plinth.spi.billing.ConnectedCharge.ChargeType;
import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** An event a client pays for, on the tenant's account or one of its connected accounts. */
@Entity
@Table(schema = EventsModule.ID, name = "events")
public class Event extends EditableRecord {

  private String title;

  private Instant startsAt;

  private String venue;

  private long priceAmount;

  private String currency;

  private String connectedAccountId;

  @Enumerated(EnumType.STRING)
  private ChargeType chargeType;

  private Long applicationFeeAmount;

  private String clientEmail;

  @Enumerated(EnumType.STRING)
  private PaymentStatus paymentStatus;

  @Enumerated(EnumType.STRING)
  private PaymentStatus statusBeforeDispute;

  private Instant lastEventCreatedAt;

  private Instant lastWebhookReceivedAt;

  private String checkoutSessionId;

  private String paymentIntentId;

  private long refundedAmount;

  private String galleryUrl;

  private String notes;

  private Instant cancelledAt;

  private Instant paidAt;

  protected Event() {}

  Event(EventBody b, ChargeType chargeType, Instant now) {
    super(now);
    this.paymentStatus = PaymentStatus.pending;
    change(b, chargeType, now);
  }

  /**
   * Takes the body's fields; once money was taken (or the event was cancelled), what it costs and
   * where the money goes no longer change: 409 {@code event_paid}.
   */
  void change(EventBody b, ChargeType type, Instant now) {
    boolean moneyChanges =
        priceAmount != b.priceAmount()
            || !b.currency().equals(currency)
            || !Objects.equals(b.connectedAccountId(), connectedAccountId)
            || type != chargeType
            || !Objects.equals(b.applicationFeeAmount(), applicationFeeAmount);
    if (moneyChanges && !payable()) {
      throw Refusal.conflict(
          "event_paid", "the price and the account of a paid or cancelled event cannot change");
    }
    title = b.title();
    startsAt = b.startsAt();
    venue = b.venue();
    priceAmount = b.priceAmount();
    currency = b.currency();
    connectedAccountId = b.connectedAccountId();
    chargeType = type;
    applicationFeeAmount = b.applicationFeeAmount();
    clientEmail = b.clientEmail();
    galleryUrl = b.galleryUrl();
    notes = b.notes();
    changed(now);
  }

  /** Whether no money was taken (yet). */
  boolean unpaid() {
    return paymentStatus == PaymentStatus.pending || paymentStatus == PaymentStatus.failed;
  }

  /** Whether a client may (still) pay: not cancelled, and nothing taken yet. */
  boolean payable() {
    return cancelledAt == null && unpaid();
  }

  /** Whether the client has paid and keeps the gallery: paid, or paid with a part refunded. */
  boolean unlocked() {
    return paymentStatus == PaymentStatus.paid || paymentStatus == PaymentStatus.partially_refunded;
  }

  /** The connected account the checkout takes the money to; null for the tenant's own. */
  ConnectedCharge charge() {
    return connectedAccountId == null
        ? null
        : new ConnectedCharge(connectedAccountId, chargeType, applicationFeeAmount);
  }

  /**
   * Applies a payment fact that Stripe created at {@code created} (see {@link PaymentStatus#next});
   * {@code received} is when it reached the event. Answers whether the status changed.
   */
  boolean apply(Fact fact, Instant created, Instant received) {
    boolean stale = lastEventCreatedAt != null && created.isBefore(lastEventCreatedAt);
    lastWebhookReceivedAt = received;
    if (lastEventCreatedAt == null || created.isAfter(lastEventCreatedAt)) {
      lastEventCreatedAt = created;
    }
    return fact != null && moveTo(PaymentStatus.next(state(), fact, stale), received);
  }

  /** Applies a fact Plinth itself caused (a cancellation's refund), in no order with Stripe's. */
  boolean applyOwn(Fact fact, Instant now) {
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
      refundedAmount = Math.max(refundedAmount, priceAmount);
    }
    paymentStatus = to.status();
    statusBeforeDispute = to.beforeDispute();
    changed(now);
    return true;
  }

  void paidWith(String sessionId, String paymentIntentId) {
    this.checkoutSessionId = sessionId == null ? checkoutSessionId : sessionId;
    // the first payment taken stays the event's; a second one is refunded
    this.paymentIntentId = this.paymentIntentId == null ? paymentIntentId : this.paymentIntentId;
  }

  void refunded(long amount) {
    refundedAmount = Math.max(refundedAmount, amount);
  }

  void attach(String sessionId) {
    this.checkoutSessionId = sessionId;
  }

  void cancel(Instant now) {
    if (cancelledAt == null) {
      cancelledAt = now;
      changed(now);
    }
  }

  String title() {
    return title;
  }

  String clientEmail() {
    return clientEmail;
  }

  String sessionId() {
    return checkoutSessionId;
  }

  String paymentIntentId() {
    return paymentIntentId;
  }

  PaymentStatus status() {
    return paymentStatus;
  }

  /** Whether the event was ever paid (its gallery link is sent then, once). */
  boolean paidOnce() {
    return paidAt != null;
  }

  boolean cancelled() {
    return cancelledAt != null;
  }

  long priceAmount() {
    return priceAmount;
  }

  String currency() {
    return currency;
  }

  EventView view() {
    return new EventView(
        id,
        title,
        startsAt,
        venue,
        priceAmount,
        currency,
        connectedAccountId,
        chargeType,
        applicationFeeAmount,
        clientEmail,
        paymentStatus,
        statusBeforeDispute,
        lastWebhookReceivedAt,
        checkoutSessionId,
        paymentIntentId,
        refundedAmount,
        galleryUrl,
        notes,
        cancelledAt,
        paidAt,
        createdAt,
        updatedAt);
  }

  EventsResource.PayView payView() {
    String state =
        cancelledAt != null ? "cancelled" : unlocked() ? "paid" : payable() ? "payable" : "closed";
    return new EventsResource.PayView(
        id, title, startsAt, venue, priceAmount, currency, state, paymentStatus);
  }

  EventsResource.Gallery gallery() {
    return new EventsResource.Gallery(id, title, startsAt, venue, galleryUrl, notes);
  }
}
