package dev.plinth.reservations;

import dev.plinth.reservations.application.HoldExpiry;
import dev.plinth.reservations.rest.ReservationsResource;
import dev.plinth.reservations.webhook.ReservationsPayments;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.Settings;
import dev.plinth.spi.TenantJob;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.PaymentListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;

/** The reservations vertical as the host sees it; the only type the core looks up. */
@ApplicationScoped
public class ReservationsModule implements PlinthVertical {

  public static final String ID = "reservations";

  @PersistenceContext(unitName = ID)
  EntityManager em;

  @Inject ReservationsPayments payments;

  @Inject HoldExpiry expiry;

  @Inject ReservationsConfig config;

  /** The settings, read once: a bad one stops the start, naming it. */
  @Produces
  @Singleton
  static ReservationsConfig config() {
    Settings s = Settings.of(ID);
    return new ReservationsConfig(
        CheckoutRequest.checkExpiry(s.name("hold-minutes"), s.minutes("hold-minutes", 30)),
        s.seconds("expiry-interval-seconds", 60),
        s.positive("deposits-per-client-per-minute", 10),
        s.days("delayed-payment-days", 7));
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String name() {
    return "Reservations";
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  @Override
  public Class<?> rootResource() {
    return ReservationsResource.class;
  }

  @Override
  public PaymentListener payments() {
    return payments;
  }

  /**
   * The customer's pages at /t/{slug}[/page]: the listings, an item with its deposit form, and one
   * page for a reservation found by its Checkout Session id, both where Stripe sends the customer
   * after paying ({@code success}, which waits for the confirmation) and as the reservation's own
   * page ({@code reservation}).
   */
  @Override
  public Map<String, String> pages() {
    String dir = "META-INF/plinth-pages/" + ID + "/";
    return Map.of(
        "", dir + "items.html",
        "item", dir + "item.html",
        "success", dir + "reservation.html",
        "reservation", dir + "reservation.html");
  }

  @Override
  public List<TenantJob> jobs() {
    return List.of(new TenantJob("expire-holds", config.expiryInterval(), expiry::run));
  }
}
