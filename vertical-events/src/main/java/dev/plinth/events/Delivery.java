package dev.plinth.events;

import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A Stripe delivery that touched an event, as the event's webhook log shows it. */
@Entity
@Table(schema = EventsModule.ID, name = "deliveries")
@NamedQuery(
    name = "Delivery.of",
    query = "SELECT d FROM Delivery d WHERE d.eventId = :event ORDER BY d.createdAt DESC, d.id")
@NamedQuery(
    name = "Delivery.seen",
    query =
        "SELECT COUNT(d) FROM Delivery d WHERE d.eventId = :event AND d.stripeEventId = :stripe")
@NamedQuery(
    name = "Delivery.failures",
    query = "SELECT d FROM Delivery d WHERE d.failure IS NOT NULL ORDER BY d.createdAt DESC, d.id")
public class Delivery extends TenantRecord {

  @Column(name = "event_id")
  private UUID eventId;

  @Column(name = "stripe_event_id")
  private String stripeEventId;

  private String type;

  @Column(name = "stripe_created")
  private Instant stripeCreated;

  @Column(name = "status_after")
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
