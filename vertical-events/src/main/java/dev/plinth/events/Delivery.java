package dev.plinth.events;

import dev.plinth.spi.billing.PaymentStatus;
import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A Stripe delivery that touched an event, as the event's webhook log shows it. */
@Entity
@Table(schema = EventsModule.ID, name = "deliveries")
public class Delivery extends TenantRecord {

  private UUID eventId;

  private String stripeEventId;

  private String type;

  private Instant stripeCreated;

  private String statusAfter;

  private boolean applied;

  private String failure;

  protected Delivery() {}

  Delivery(
      UUID eventId,
      String stripeEventId,
      String type,
      Instant stripeCreated,
      PaymentStatus after,
      boolean applied,
      String failure,
      Instant now) {
    super(now);
    this.eventId = eventId;
    this.stripeEventId = stripeEventId;
    this.type = type;
    this.stripeCreated = stripeCreated;
    this.statusAfter = after.name();
    this.applied = applied;
    this.failure = failure;
  }

  EventsResource.DeliveryView view() {
    return new EventsResource.DeliveryView(
        stripeEventId, type, stripeCreated, createdAt, statusAfter, applied, failure);
  }

  EventsResource.FailedPayment failedPayment() {
    return new EventsResource.FailedPayment(eventId, stripeEventId, type, failure, createdAt);
  }
}
