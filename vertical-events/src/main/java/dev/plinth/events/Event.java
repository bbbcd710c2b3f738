package dev.plinth.events;

import dev.plinth.events.EventsResource.EventBody;
import dev.plinth.events.EventsResource.EventView;
import dev.plinth.events.PaymentStatus.Fact;
import dev.plinth.events.PaymentStatus.State;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.billing.ConnectedCharge;
import dev.plinth.spi.billing.ConnectedCharge.ChargeType;
import dev.plinth.spi.persistence.EditableRecord;
import dev.plinth.spi.web.Cursor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** An event a client pays for, on the tenant's account or one of its connected accounts. */
@Entity
@Table(schema = EventsModule.ID, name = "events")
@NamedQuery(
    name = "Event.page",
    query =
        "SELECT e FROM Event e WHERE e.paymentStatus IN :statuses AND (e.createdAt < :at"
            + " OR (e.createdAt = :at AND e.id < :id)) ORDER BY e.createdAt DESC, e.id DESC")
@NamedQuery(name = "Event.bySession", query = "SELECT e FROM Event e WHERE e.sessionId = :session")
public class Event extends EditableRecord {

  private String title;

  @Column(name = "starts_at")
  private Instant startsAt;

  private String venue;

  @Column(name = "price_amount")
  private long priceAmount;

  private String currency;

  @Column(name = "connected_account_id")
  private String accountId;

  @Enumerated(EnumType.STRING)
  @Column(name = "charge_type")
  private ChargeType chargeType;

  @Column(name = "application_fee_amount")
  private Long applicationFee;

  @Column(name = "client_email")
  private String clientEmail;

  @Enumerated(EnumType.STRING)
  @Column(name = "payment_status")
  private PaymentStatus paymentStatus;

  @Enumerated(EnumType.STRING)
  @Column(name = "status_before_dispute")
  private PaymentStatus beforeDispute;

  @Column(name = "last_event_created_at")
  private Instant lastEventCreatedAt;

  @Column(name = "last_webhook_received_at")
  private Instant lastWebhookAt;

  @Column(name = "checkout_session_id")
  private String sessionId;

  @Column(name = "payment_intent_id")
  private String paymentIntentId;

  @Column(name = "refunded_amount")
  private long refunded;

  @Column(name = "gallery_url")
  private String galleryUrl;

  private String notes;

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Column(name = "paid_at")
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
            || !Objects.equals(b.connectedAccountId(), accountId)
            || type != chargeType
            || !Objects.equals(b.applicationFeeAmount(), applicationFee);
    if (moneyChanges && !payable()) {
      throw Refusal.conflict(
          "event_paid", "the price and the account of a paid or cancelled event cannot change");
    }
    title = b.title();
    startsAt = b.startsAt();
    venue = b.venue();
    priceAmount = b.priceAmount();
    currency = b.currency();
    accountId = b.connectedAccountId();
    chargeType = type;
    applicationFee = b.applicationFeeAmount();
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
    return accountId == null ? null : new ConnectedCharge(accountId, chargeType, applicationFee);
  }

  /**
   * Applies a payment fact that Stripe created at {@code created} (see {@link PaymentStatus#next});
   * {@code received} is when it reached the event. Answers whether the status changed.
   */
  boolean apply(Fact fact, Instant created, Instant received) {
    boolean stale = lastEventCreatedAt != null && created.isBefore(lastEventCreatedAt);
    lastWebhookAt = received;
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
    return new State(paymentStatus, beforeDispute);
  }

  private boolean moveTo(State to, Instant now) {
    if (to.equals(state())) {
      return false;
    }
    if (to.status() == PaymentStatus.paid && paidAt == null) {
      paidAt = now;
    }
    if (to.status() == PaymentStatus.refunded) {
      refunded = Math.max(refunded, priceAmount);
    }
    paymentStatus = to.status();
    beforeDispute = to.beforeDispute();
    changed(now);
    return true;
  }

  void paidWith(String sessionId, String paymentIntentId) {
    this.sessionId = sessionId == null ? this.sessionId : sessionId;
    // the first payment taken stays the event's; a second one is refunded
    this.paymentIntentId = this.paymentIntentId == null ? paymentIntentId : this.paymentIntentId;
  }

  void refunded(long amount) {
    refunded = Math.max(refunded, amount);
  }

  void attach(String sessionId) {
    this.sessionId = sessionId;
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
    return sessionId;
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

  Cursor cursor() {
    return new Cursor(createdAt, id);
  }

  EventView view() {
    return new EventView(
        id,
        title,
        startsAt,
        venue,
        priceAmount,
        currency,
        accountId,
        chargeType,
        applicationFee,
        clientEmail,
        paymentStatus,
        beforeDispute,
        lastWebhookAt,
        sessionId,
        paymentIntentId,
        refunded,
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
