package dev.plinth.tipjar;

import dev.plinth.spi.VerticalModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;

/** A tip jar: customers leave a tip through Stripe Checkout; paid tips are listed. */
@ApplicationScoped
public class TipjarModule extends VerticalModule {

  /** The module id: path, schema, persistence unit, migrations and config prefix. */
  public static final String ID = "tipjar";

  @PersistenceContext(unitName = ID)
  EntityManager em;

  public TipjarModule() {
    super(ID, "Tip jar", TipjarResource.class, TipPayments.class);
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  @Override
  public Map<String, String> pages() {
    return Map.of("", page("tips.html"));
  }
}
