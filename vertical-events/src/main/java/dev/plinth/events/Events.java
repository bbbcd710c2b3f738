package dev.plinth.events;

import dev.plinth.events.EventsResource.EventBody;
import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.SignedTokens;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.ConnectedCharge.ChargeType;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutAwaitingPayment;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.DisputeClosed;
import dev.plinth.spi.billing.PaymentEvent.DisputeOpened;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.billing.PaymentStatus;
import dev.plinth.spi.billing.PaymentStatus.Fact;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.Cursor;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.Page;
import dev.plinth.spi.web.Params;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The tenant's events, and what Stripe's events do to them: the vertical's payment listener. Each
 * delivery locks its event, is logged once per Stripe event, and moves the status only through
 * {@link PaymentStatus}'s table, so that repeats change nothing and stale events move nothing back.
 */
@ApplicationScoped
@TenantTransactional
public class Events extends Repository<Event> implements PaymentListener {

  static final String GALLERY = EventsModule.ID + ".gallery";

  private static final Consumer<Event> NOTHING = e -> {};

  private static final String SETTINGS = EventsModule.ID + ".settings";

  @Inject BillingService billing;

  @Inject Notifications notifications;

  @Inject SignedTokens tokens;

  @Inject EventsModule.Config config;

  @Inject Clock clock;

  Events() {
    super(EventsModule.class, Event.class, "event");
  }

  // ---- the tenant's events

  public Event create(EventBody b) {
    return add(new Event(b, chargeType(b), clock.instant()));
  }

  public Event update(UUID id, EventBody b) {
    Event e = requireLocked(id);
    e.change(b, chargeType(b), clock.instant());
    return e;
  }

  /** The body's charge type, or the tenant's default; its account must be the tenant's. */
  private ChargeType chargeType(EventBody b) {
    String account = b.connectedAccountId();
    if (account != null && billing.connectedAccount(account).isEmpty()) {
      throw Refusal.invalid(
          "connectedAccountId", "account " + account + " is not connected to this tenant");
    }
    return b.chargeType() != null ? ChargeType.valueOf(b.chargeType()) : defaultChargeType();
  }

  public ChargeType defaultChargeType() {
    return setting(String.class, SETTINGS, "default_charge_type")
        .map(ChargeType::valueOf)
        .orElse(ChargeType.destination);
  }

  public void defaultChargeType(ChargeType type) {
    setting(SETTINGS, "default_charge_type", type.name());
  }

  /** Events of one payment status (all when null), newest first, after the cursor. */
  public EventsResource.EventList page(String status, Cursor before, int limit) {
    Page<EventsResource.EventView> page =
        page(
                "SELECT e FROM Event e WHERE e.paymentStatus IN :statuses",
                before,
                limit,
                "statuses",
                Params.oneOrAll(PaymentStatus.class, status, "paymentStatus"))
            .map(Event::view);
    return new EventsResource.EventList(page.rows(), page.nextBefore());
  }

  public List<Delivery> deliveries(UUID id) {
    require(id);
    return select(
            Delivery.class,
            "SELECT d FROM Delivery d WHERE d.eventId = :event ORDER BY d.createdAt DESC, d.id",
            "event",
            id)
        .setMaxResults(200)
        .getResultList();
  }

  public List<Delivery> failures(int limit) {
    return select(
            Delivery.class,
            "SELECT d FROM Delivery d WHERE d.failure IS NOT NULL ORDER BY d.createdAt DESC, d.id")
        .setMaxResults(limit)
        .getResultList();
  }

  public Map<PaymentStatus, Long> counts() {
    Map<PaymentStatus, Long> counts = new EnumMap<>(PaymentStatus.class);
    for (PaymentStatus s : PaymentStatus.values()) {
      counts.put(s, 0L);
    }
    select(Object[].class, "SELECT e.paymentStatus, COUNT(e) FROM Event e GROUP BY e.paymentStatus")
        .getResultList()
        .forEach(r -> counts.put((PaymentStatus) r[0], (Long) r[1]));
    return counts;
  }

  /** Emails the client the pay page's link, through the outbox; 409 if there is nothing to pay. */
  public EventsResource.PaymentLink paymentLink(UUID id) {
    Event e = payable(id);
    String url = tenant.pageUrl("pay?event=" + id);
    notifications.enqueue(
        new Notification(
            e.clientEmail(),
            "Your payment for " + oneLine(e.title()),
            "Pay for " + e.title() + " here:\n" + url,
            EventsModule.ID + ".payment_link"));
    return new EventsResource.PaymentLink(url, e.clientEmail());
  }

  /** The event, locked, if a client may pay it; 409 {@code event_not_payable} otherwise. */
  public Event payable(UUID id) {
    Event e = requireLocked(id);
    if (!e.payable()) {
      throw Refusal.conflict(
          "event_not_payable",
          "the event is " + (e.cancelled() ? "cancelled" : e.status().label()));
    }
    return e;
  }

  public void attach(UUID id, String sessionId) {
    requireLocked(id).attach(sessionId);
  }

  /** Marks the event cancelled; a disputed payment cannot be refunded (409). */
  public Event cancel(UUID id) {
    Event e = requireLocked(id);
    if (e.status() == PaymentStatus.disputed) {
      throw Refusal.conflict(
          "event_disputed", "the payment is disputed: it cannot be refunded until it closes");
    }
    e.cancel(clock.instant());
    return e;
  }

  /** The cancelled event's payment was refunded in full at Stripe. */
  public Event refundedInFull(UUID id) {
    Event e = requireLocked(id);
    e.applyOwn(Fact.REFUNDED, clock.instant());
    return e;
  }

  /**
   * The event if the caller holds its checkout session or a gallery link for it; a 404 otherwise,
   * so that an event id alone shows nothing.
   */
  public Event forClient(UUID id, String sessionId, String token) {
    Event e = require(id);
    boolean session = sessionId != null && sessionId.equals(e.sessionId());
    if (!session && !tokens.verifies(GALLERY, token, id.toString())) {
      throw Refusal.notFound("event " + id);
    }
    return e;
  }

  // ---- Stripe's events

  @Override
  public void checkoutPaid(CheckoutPaid event) {
    apply(event, null, e -> paid(e, event));
  }

  /**
   * A payment of an event that was cancelled, or paid already through another session, is refunded
   * in full (once, whatever the retries).
   */
  private void paid(Event e, CheckoutPaid event) {
    String pi = event.facts().paymentIntentId();
    if (e.paymentIntentId() != null && pi != null && !pi.equals(e.paymentIntentId())) {
      billing.refundInFull(event.facts(), "events-duplicate:" + pi);
      return;
    }
    e.paidWith(event.facts().checkoutSessionId(), pi);
    if (e.cancelled()) {
      billing.refundInFull(event.facts(), "events-cancel:" + e.id());
      e.applyOwn(Fact.REFUNDED, clock.instant());
    }
  }

  @Override
  public void checkoutAwaitingPayment(CheckoutAwaitingPayment event) {
    apply(event, null, e -> e.paidWith(event.facts().checkoutSessionId(), null));
  }

  @Override
  public void checkoutPaymentFailed(CheckoutPaymentFailed event) {
    apply(event, "the delayed payment failed", NOTHING);
  }

  @Override
  public void checkoutExpired(CheckoutExpired event) {
    apply(event, null, NOTHING);
  }

  @Override
  public void paymentRefunded(PaymentRefunded event) {
    apply(event, null, e -> e.refunded(event.refunded() == null ? 0 : event.refunded().amount()));
  }

  @Override
  public void disputeOpened(DisputeOpened event) {
    apply(event, null, NOTHING);
  }

  @Override
  public void disputeClosed(DisputeClosed event) {
    apply(event, null, NOTHING);
  }

  /** Applies the event's {@link Fact} (none for some) to the event of its checkout, if any. */
  private void apply(PaymentEvent event, String failure, Consumer<Event> also) {
    PaymentEvent.Facts f = event.facts();
    lockForCheckout(f)
        .ifPresent(
            e ->
                apply(
                    e,
                    f.eventId(),
                    event.getClass().getSimpleName(),
                    f.created(),
                    Fact.of(event),
                    failure,
                    also));
  }

  /**
   * A payment intent's own event, which no typed event covers: a declined card fails the event (its
   * checkout stays open for another try), a success pays it.
   */
  void paymentIntent(StripeEvent event) {
    boolean succeeded = event.type().equals("payment_intent.succeeded");
    String pi = event.object().getString("id", null);
    event
        .reference(EventsModule.ID, tenant.slug())
        .flatMap(Ids::tryParse)
        .flatMap(this::lock)
        .ifPresent(
            e ->
                apply(
                    e,
                    event.id(),
                    event.type(),
                    event.created(),
                    succeeded ? Fact.PAID : Fact.FAILED,
                    succeeded ? null : event.paymentError().orElse("the payment was declined"),
                    x -> x.paidWith(null, succeeded ? pi : null)));
  }

  private void apply(
      Event e,
      String stripeEventId,
      String type,
      Instant created,
      Fact fact,
      String failure,
      Consumer<Event> also) {
    if (!select(
            Delivery.class,
            "SELECT d FROM Delivery d WHERE d.eventId = :event AND d.stripeEventId = :stripe",
            "event",
            e.id(),
            "stripe",
            stripeEventId)
        .getResultList()
        .isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    boolean paidBefore = e.paidOnce();
    boolean moved = e.apply(fact, created, now);
    also.accept(e);
    add(new Delivery(e.id(), stripeEventId, type, created, e.status(), moved, failure, now));
    if (!paidBefore && e.paidOnce() && !e.cancelled()) {
      sendGallery(e);
    }
  }

  /** Emails the paid client a link to the gallery, valid {@code events.gallery-link-days}. */
  private void sendGallery(Event e) {
    String token = tokens.sign(GALLERY, e.id().toString(), config.galleryLink());
    notifications.enqueue(
        new Notification(
            e.clientEmail(),
            "Your gallery for " + oneLine(e.title()),
            "Thank you for your payment. Your gallery is here:\n"
                + tenant.pageUrl("gallery?event=" + e.id() + "#token=" + token),
            EventsModule.ID + ".gallery_link"));
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ");
  }
}
