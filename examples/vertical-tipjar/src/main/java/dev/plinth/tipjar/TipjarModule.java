package dev.plinth.tipjar;

import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.billing.PaymentListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;

/** A tip jar: customers leave a tip through Stripe Checkout; paid tips are listed. */
@ApplicationScoped
public class TipjarModule implements PlinthVertical {

  /** The module id: path, schema, persistence unit, migrations and config prefix. */
  public static final String ID = "tipjar";

  @PersistenceContext(unitName = ID)
  EntityManager em;

  @Inject TipPayments payments;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String name() {
    return "Tip jar";
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  @Override
  public Class<?> rootResource() {
    return TipjarResource.class;
  }

  @Override
  public PaymentListener payments() {
    return payments;
  }

  @Override
  public Map<String, String> pages() {
    return Map.of("", "META-INF/plinth-pages/tipjar/tips.html");
  }
}
