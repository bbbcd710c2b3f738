package dev.plinth.spi.persistence;

import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.Optional;

/**
 * The base of a vertical's repositories: one per kind of entity, speaking the domain ({@code byId},
 * {@code bySession}, {@code take(item)}) and refusing in its words ({@link Refusal}), never in
 * HTTP's. It works on the vertical's own {@link PlinthVertical#entityManager()}, which the host
 * scopes to the bound tenant; callers bring the transaction ({@code @TenantTransactional} on the
 * service).
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class TipRepository extends Repository<Tip> {
 *
 *   TipRepository() {
 *     super(TipjarModule.class, Tip.class, "tip");
 *   }
 *
 *   public List<Tip> paid() {
 *     return named("Tip.paid").getResultList();
 *   }
 * }
 * }</pre>
 *
 * @param <T> the entity
 */
public abstract class Repository<T> {

  @Inject Instance<PlinthVertical> verticals;

  private final Class<? extends PlinthVertical> vertical;
  private final Class<T> type;
  private final String noun;
  private EntityManager em;

  /**
   * @param vertical the vertical whose entities these are
   * @param type the entity class
   * @param noun what a refusal calls one, such as {@code item} for "no item 42"
   */
  protected Repository(Class<? extends PlinthVertical> vertical, Class<T> type, String noun) {
    this.vertical = vertical;
    this.type = type;
    this.noun = noun;
  }

  /** The vertical's {@code EntityManager}. */
  protected EntityManager em() {
    if (em == null) {
      em = verticals.select(vertical).get().entityManager();
    }
    return em;
  }

  public Optional<T> byId(Object id) {
    return byId(type, id);
  }

  /** An entity of another type of the vertical's, by its id. */
  protected <R> Optional<R> byId(Class<R> entity, Object id) {
    return Optional.ofNullable(em().find(entity, id));
  }

  /** The entity with this id, or a {@link Refusal#notFound} ("no item 42"). */
  public T require(Object id) {
    return byId(id).orElseThrow(() -> Refusal.notFound(noun + " " + id));
  }

  /**
   * The entity, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): writers of one
   * row (a webhook, a job, the tenant) take turns, each seeing what the one before committed.
   */
  public Optional<T> lock(Object id) {
    return lock(type, id);
  }

  /** An entity of another type, locked as {@link #lock} locks one. */
  protected <R> Optional<R> lock(Class<R> entity, Object id) {
    return Optional.ofNullable(em().find(entity, id, LockModeType.PESSIMISTIC_WRITE));
  }

  /** The entity, locked as {@link #lock} locks it, or a {@link Refusal#notFound}. */
  public T requireLocked(Object id) {
    return lock(id).orElseThrow(() -> Refusal.notFound(noun + " " + id));
  }

  public void add(T entity) {
    em().persist(entity);
  }

  public void remove(T entity) {
    em().remove(entity);
  }

  /**
   * The entity a checkout's event is about, locked as {@link #lock} locks one: the one whose UUID
   * id is the checkout's reference, or else the one that the named query {@code bySession} finds by
   * its {@code session} parameter. Empty if neither finds one.
   */
  protected Optional<T> lockForCheckout(PaymentEvent.Facts event, String bySession) {
    return lockForCheckout(type, event, bySession);
  }

  /** {@link #lockForCheckout(PaymentEvent.Facts, String)} for an entity of another type. */
  protected <R> Optional<R> lockForCheckout(
      Class<R> entity, PaymentEvent.Facts event, String bySession) {
    return Optional.ofNullable(event.reference())
        .flatMap(Ids::tryParse)
        .flatMap(id -> lock(entity, id))
        .or(
            () ->
                Optional.ofNullable(event.checkoutSessionId())
                    .flatMap(s -> first(locked(entity, bySession, "session", s))));
  }

  /** A named query of this entity, with its parameters as name, value pairs. */
  protected TypedQuery<T> named(String name, Object... params) {
    return named(type, name, params);
  }

  /** A named query with another result, such as a count, with parameters as name, value pairs. */
  protected <R> TypedQuery<R> named(Class<R> result, String name, Object... params) {
    TypedQuery<R> q = em().createNamedQuery(name, result);
    for (int i = 0; i < params.length; i += 2) {
      q.setParameter((String) params[i], params[i + 1]);
    }
    return q;
  }

  /** The first result of a named query of this entity, as {@link #named} takes it. */
  protected Optional<T> first(String name, Object... params) {
    return first(named(name, params));
  }

  /** The first result of a named query with another result, as {@link #named} takes it. */
  protected <R> Optional<R> first(Class<R> result, String name, Object... params) {
    return first(named(result, name, params));
  }

  /** The first result of a query, if it has any. */
  protected static <R> Optional<R> first(TypedQuery<R> query) {
    return query.getResultStream().findFirst();
  }

  /** A named query of this entity whose results are locked as {@link #lock} locks one. */
  protected TypedQuery<T> locked(String name, Object... params) {
    return locked(type, name, params);
  }

  /** A named query of another entity whose results are locked as {@link #lock} locks one. */
  protected <R> TypedQuery<R> locked(Class<R> entity, String name, Object... params) {
    return named(entity, name, params).setLockMode(LockModeType.PESSIMISTIC_WRITE);
  }
}
