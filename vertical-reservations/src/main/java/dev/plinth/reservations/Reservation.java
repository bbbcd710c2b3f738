package dev.plinth.reservations;

import dev.plinth.reservations.ReservationsResource.CustomerView;
import dev.plinth.reservations.ReservationsResource.DepositRequest;
import dev.plinth.reservations.ReservationsResource.ItemRef;
import dev.plinth.reservations.ReservationsResource.PortalReservation;
import dev.plinth.reservations.ReservationsResource.ReservationPortal;
import dev.plinth.reservations.ReservationsResource.ReservationView;
import dev.plinth.spi.Notification;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A customer's deposit on one item, paid through Stripe Checkout. Its lifecycle:
 *
 * <ul>
 *   <li>{@code pending}: the customer started the deposit; the item is {@code held}. Made by the
 *       deposit endpoint, in the same transaction that took the item.
 *   <li>{@code pending → confirmed}: the checkout is paid ({@code CheckoutPaid}, at once or when a
 *       delayed payment succeeds); the item becomes {@code reserved}. Moved by the webhook handler.
 *   <li>{@code pending → expired}: the hold ran out, seen first by the expiry job or by the
 *       checkout's expiry ({@code CheckoutExpired}), whichever comes first; the item is {@code
 *       available} again.
 *   <li>{@code pending → failed}: a delayed payment failed ({@code CheckoutPaymentFailed}); the
 *       item is released.
 *   <li>{@code expired/failed → confirmed}: the payment arrived late and the item was still free,
 *       so the customer gets it.
 *   <li>{@code expired/failed → refunded_conflict}: the payment arrived late and someone else holds
 *       the item now; the handler refunds it through Stripe and logs a warning. There are never two
 *       active reservations of one item: the database refuses it.
 *   <li>{@code pending/expired/failed → amount_mismatch}: Stripe says the session is paid, but its
 *       amount or currency is not the deposit recorded here; nothing is confirmed, the handler
 *       refunds the payment in full through Stripe and logs a warning, and a held item is {@code
 *       available} again.
 *   <li>{@code confirmed → completed}: the tenant sold the item to this customer.
 *   <li>{@code confirmed/completed → refunded}: the deposit was refunded in full ({@code
 *       PaymentRefunded}); a confirmed item becomes {@code available}.
 * </ul>
 *
 * Events arrive late, twice and out of order; each transition is allowed only from the states
 * listed, so a repeated or stale event changes nothing.
 */
@Entity
@Table(schema = ReservationsModule.ID, name = "reservations")
public class Reservation extends EditableRecord {

  private UUID itemId;

  @Enumerated(EnumType.STRING)
  private ReservationStatus status;

  private String customerEmail;
  private String customerName;
  private String customerPhone;
  private long depositAmount;
  private String currency;
  private String checkoutSessionId;
  private String externalPaymentId;
  private Instant expiresAt;
  private Instant lastEventAt;

  protected Reservation() {}

  /** A new pending deposit on {@code item}, held until {@code expiresAt}. */
  public Reservation(Item item, DepositRequest customer, Instant expiresAt, Instant now) {
    super(now);
    this.itemId = item.id();
    this.status = ReservationStatus.pending;
    this.customerEmail = customer.email();
    this.customerName = customer.name();
    this.customerPhone = customer.phone();
    this.depositAmount = item.depositAmount();
    this.currency = item.currency();
    this.expiresAt = expiresAt;
  }

  /** The Stripe session the customer pays in, and when Stripe will expire it. */
  public void attachSession(String sessionId, Instant sessionExpiresAt, Instant now) {
    this.checkoutSessionId = sessionId;
    this.expiresAt = sessionExpiresAt;
    changed(now);
  }

  /** Moves to {@code to}, noting the event that moved it (null for the tenant or a job). */
  public void move(ReservationStatus to, Instant eventCreated, Instant now) {
    this.status = to;
    if (eventCreated != null && (lastEventAt == null || eventCreated.isAfter(lastEventAt))) {
      this.lastEventAt = eventCreated;
    }
    changed(now);
  }

  public void paidWith(String paymentIntentId) {
    if (paymentIntentId != null) {
      this.externalPaymentId = paymentIntentId;
    }
  }

  /** What a confirmed deposit sends: a message to the tenant's owner, and one to the customer. */
  public List<Notification> confirmation(String itemName, String ownerEmail) {
    String amount = BigDecimal.valueOf(depositAmount, 2) + " " + currency.toUpperCase(Locale.ROOT);
    String phone = customerPhone == null ? "" : ", " + customerPhone;
    return List.of(
        new Notification(
            ownerEmail,
            "Deposit received: " + itemName,
            "%s <%s>%s paid a deposit of %s for %s. The item is reserved for them.\nReservation: %s"
                .formatted(customerName, customerEmail, phone, amount, itemName, id),
            "reservation.confirmed.owner"),
        new Notification(
            customerEmail,
            "Your deposit for " + itemName + " is confirmed",
            "Hello %s,\n\nwe received your deposit of %s. %s is reserved for you.\n\nReservation: %s"
                .formatted(customerName, amount, itemName, id),
            "reservation.confirmed.customer"));
  }

  public ReservationView view() {
    return new ReservationView(
        id,
        itemId,
        status,
        new CustomerView(customerEmail, customerName, customerPhone),
        depositAmount,
        currency,
        expiresAt,
        createdAt,
        updatedAt,
        checkoutSessionId,
        externalPaymentId);
  }

  /** The customer's view, with the item it is for. */
  public ReservationPortal portal(Item item) {
    return new ReservationPortal(
        new PortalReservation(
            status, expiresAt, depositAmount, currency, new ItemRef(item.id(), item.name())));
  }

  public UUID itemId() {
    return itemId;
  }

  public ReservationStatus status() {
    return status;
  }

  public Money deposit() {
    return new Money(depositAmount, currency);
  }

  public String checkoutSessionId() {
    return checkoutSessionId;
  }

  public Instant expiresAt() {
    return expiresAt;
  }
}
