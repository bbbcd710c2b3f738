package dev.plinth.reservations;

import dev.plinth.spi.Settings;
import dev.plinth.spi.TenantJob;
import dev.plinth.spi.VerticalModule;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The reservations vertical as the host sees it; the only type the core looks up. */
@ApplicationScoped
public class ReservationsModule extends VerticalModule {

  public static final String ID = "reservations";

  @PersistenceContext(unitName = ID)
  EntityManager em;

  @Inject ReservationService reservations;
  @Inject BillingService billing;
  @Inject ReservationsConfig config;

  public ReservationsModule() {
    super(ID, "Reservations", ReservationsResource.class, ReservationService.class);
  }

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
  public EntityManager entityManager() {
    return em;
  }

  /**
   * The customer's pages at /t/{slug}[/page]: the items, one with its deposit form, and a
   * reservation by its Checkout Session id, as Stripe's {@code success} page and as its own.
   */
  @Override
  public Map<String, String> pages() {
    return Map.of(
        "", page("items.html"),
        "item", page("item.html"),
        "success", page("reservation.html"),
        "reservation", page("reservation.html"));
  }

  @Override
  public List<TenantJob> jobs() {
    return List.of(new TenantJob("expire-holds", config.expiryInterval(), this::expireHolds));
  }

  /**
   * For each tenant: pending holds past their time expire and free their items, each in its own
   * transaction, and their sessions are expired at Stripe (unless paid or expired there meanwhile).
   * A race with Stripe's own expiry or with a late payment ends the same either way: the state
   * machine sees to it.
   */
  void expireHolds() {
    for (UUID id : reservations.due(100)) {
      reservations.expireIfDue(id).ifPresent(billing::expireCheckoutIfOpen);
    }
  }
}
