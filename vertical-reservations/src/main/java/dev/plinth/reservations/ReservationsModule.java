package dev.plinth.reservations;

import dev.plinth.reservations.application.HoldExpiry;
import dev.plinth.reservations.rest.ReservationsResource;
import dev.plinth.reservations.webhook.ReservationsStripeHandler;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.StripeEventHandler;
import dev.plinth.spi.TenantJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

  @Inject ReservationsStripeHandler stripe;

  @Inject HoldExpiry expiry;

  @Inject ReservationsConfig config;

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
  public Map<String, StripeEventHandler> eventHandlers() {
    return stripe.handlers();
  }

  @Override
  public List<TenantJob> jobs() {
    return List.of(new TenantJob("expire-holds", config.expiryInterval(), expiry::run));
  }
}
