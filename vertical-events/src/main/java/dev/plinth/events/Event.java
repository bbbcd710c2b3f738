package dev.plinth.events;

import dev.plinth.events.EventsResource.EventBody;
import dev.plinth.events.EventsResource.EventView;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.billing.ConnectedCharge;
import dev.plinth.spi.billing.ConnectedCharge.ChargeType;
import dev.plinth.spi.persistence.PaidRecord;
import dev.plinth.spi.persistence.Views;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** An event a client pays for, on the tenant's account or one of its connected accounts. */
@Entity
@Table(schema = EventsModule.ID, name = "events")
public class Event extends PaidRecord {

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

  private String galleryUrl;

  private String notes;

  private Instant cancelledAt;

  protected Event() {}

  Event(EventBody b, ChargeType chargeType, Instant now) {
    super(now);
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

  /** Whether a client may (still) pay: not cancelled, and nothing taken yet. */
  boolean payable() {
    return cancelledAt == null && unpaid();
  }

  /** The connected account the checkout takes the money to; null for the tenant's own. */
  ConnectedCharge charge() {
    return connectedAccountId == null
        ? null
        : new ConnectedCharge(connectedAccountId, chargeType, applicationFeeAmount);
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

  boolean cancelled() {
    return cancelledAt != null;
  }

  @Override
  protected long amount() {
    return priceAmount;
  }

  String currency() {
    return currency;
  }

  EventView view() {
    return Views.of(EventView.class, this);
  }

  EventsResource.PayView payView() {
    String state =
        cancelledAt != null ? "cancelled" : kept() ? "paid" : payable() ? "payable" : "closed";
    return new EventsResource.PayView(
        id, title, startsAt, venue, priceAmount, currency, state, paymentStatus);
  }

  EventsResource.Gallery gallery() {
    return Views.of(EventsResource.Gallery.class, this);
  }
}
