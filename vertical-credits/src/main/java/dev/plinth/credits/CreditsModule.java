package dev.plinth.credits;

import dev.plinth.spi.Panel;
import dev.plinth.spi.Settings;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.VerticalModule;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.StripeEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;

/**
 * Prepaid credits: the tenant sells packages of credits, within a capacity, through Stripe
 * Checkout; its users spend them. Every change is an entry of a double-entry ledger.
 */
@ApplicationScoped
public class CreditsModule extends VerticalModule {

  /** The module id: path, schema, persistence unit, migrations and config prefix. */
  public static final String ID = "credits";

  @PersistenceContext(unitName = ID)
  EntityManager em;

  @Inject Credits credits;

  public CreditsModule() {
    super(ID, "Credits", CreditsResource.class, Credits.class);
  }

  /** The settings, read once: a bad one stops the start, naming it. */
  @Produces
  @Singleton
  static CreditsConfig config() {
    return config(Settings.of(ID));
  }

  static CreditsConfig config(Settings s) {
    return new CreditsConfig(
        s.positive("low-capacity-threshold", 500),
        s.positive("initial-capacity", 10_000),
        CheckoutRequest.checkExpiry(s.name("checkout-minutes"), s.minutes("checkout-minutes", 30)),
        s.positive("open-purchases-per-user", 3));
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  /** The default packages, the settings, and the initial capacity. */
  @Override
  public void onTenantProvisioned(TenantContext tenant) {
    credits.provision();
  }

  /** A declined card leaves the checkout payable: it is recorded and the owner told. */
  @Override
  public Map<String, StripeEventHandler> eventHandlers() {
    return Map.of("payment_intent.payment_failed", (event, tenant) -> credits.paymentFailed(event));
  }

  /**
   * One page: buying (capacity-aware), the success page that waits for the credits, and the balance
   * with its history.
   */
  @Override
  public Map<String, String> pages() {
    String page = page("credits.html");
    return Map.of("", page, "success", page, "balance", page);
  }

  @Override
  public List<Panel> panels() {
    CreditsResource.Capacity c = credits.capacity();
    return List.of(
        Panel.of(
            "credits",
            "Credits",
            List.of(
                Panel.Figure.count("Capacity", c.total()),
                Panel.Figure.count("Available", c.available()),
                Panel.Figure.count("Reserved", c.reserved()),
                Panel.Figure.count("Sold", c.sold()),
                Panel.Figure.count("Spent", c.spent()))));
  }
}
