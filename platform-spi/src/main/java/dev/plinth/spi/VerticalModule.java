package dev.plinth.spi;

import dev.plinth.spi.billing.PaymentListener;
import jakarta.enterprise.inject.spi.CDI;

/**
 * A {@link PlinthVertical} that says once, in its constructor, what every vertical says: its id,
 * its human name, its REST resource and its payment listener (a bean the host looks up when it
 * starts). The module keeps the rest: its {@code EntityManager}, and the pages (each file named
 * with {@link #page}), jobs and hooks it has.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class TipjarModule extends VerticalModule {
 *
 *   public static final String ID = "tipjar";
 *
 *   @PersistenceContext(unitName = ID)
 *   EntityManager em;
 *
 *   public TipjarModule() {
 *     super(ID, "Tip jar", TipjarResource.class, TipPayments.class);
 *   }
 *
 *   @Override
 *   public EntityManager entityManager() {
 *     return em;
 *   }
 * }
 * }</pre>
 */
public abstract class VerticalModule implements PlinthVertical {

  private final String id;
  private final String name;
  private final Class<?> rootResource;
  private final Class<? extends PaymentListener> payments;

  /**
   * @param id the module id
   * @param name the human name, such as "Reservations"
   * @param rootResource the REST resource (see {@link PlinthVertical#rootResource()}), or null
   * @param payments the bean class of the payment listener, or null for a vertical without payments
   */
  protected VerticalModule(
      String id, String name, Class<?> rootResource, Class<? extends PaymentListener> payments) {
    this.id = id;
    this.name = name;
    this.rootResource = rootResource;
    this.payments = payments;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Class<?> rootResource() {
    return rootResource;
  }

  @Override
  public PaymentListener payments() {
    return payments == null ? null : CDI.current().select(payments).get();
  }

  /**
   * The classpath resource of one of the vertical's pages (see {@link #pages()}): {@code
   * META-INF/plinth-pages/<id>/<file>}.
   */
  protected String page(String file) {
    return "META-INF/plinth-pages/" + id + "/" + file;
  }

  /**
   * A {@link #health()} that answers whether the vertical's {@code table} (such as {@code
   * events.events}) answers within two seconds. Readiness runs with no tenant bound, so the probe
   * reads no row ({@code LIMIT 0}); the host checks the database and the migrations besides.
   */
  protected VerticalHealth tableAnswers(String table) {
    try {
      entityManager()
          .createNativeQuery("SELECT 1 FROM " + table + " LIMIT 0")
          .setHint("jakarta.persistence.query.timeout", 2000)
          .getResultList();
      return VerticalHealth.ok();
    } catch (RuntimeException e) {
      return VerticalHealth.down(
          "the " + id + " tables do not answer: " + e.getClass().getSimpleName());
    }
  }
}
