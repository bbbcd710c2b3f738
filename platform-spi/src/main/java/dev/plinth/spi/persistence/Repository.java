package dev.plinth.spi.persistence;

import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.web.Cursor;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.Page;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

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
 *     return select("SELECT t FROM Tip t WHERE t.status = 'paid' ORDER BY t.paidAt DESC")
 *         .getResultList();
 *   }
 *
 *   public Optional<Tip> bySession(String session) {
 *     return first(where("checkoutSessionId", session));
 *   }
 * }
 * }</pre>
 *
 * @param <T> the entity
 */
public abstract class Repository<T> {

  private static final Pattern SELECT =
      Pattern.compile("^\\s*SELECT\\s+(\\w+)\\s+FROM\\s", Pattern.CASE_INSENSITIVE);
  private static final Pattern WHERE = Pattern.compile("\\sWHERE\\s", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARAM = Pattern.compile("\\?(\\d+)");

  /** The application's datasource, whose role cannot bypass row-level security. */
  private static final String DATASOURCE = "jdbc/plinth";

  @Inject Instance<PlinthVertical> verticals;

  /** The tenant the request, job or event is bound to. */
  @Inject protected TenantContext tenant;

  private final Class<? extends PlinthVertical> vertical;
  private final Class<T> type;
  private final String noun;
  private EntityManager em;
  private DataSource dataSource;

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

  /** Persists a new entity, of this type or another of the vertical's, and returns it. */
  public <R> R add(R entity) {
    em().persist(entity);
    return entity;
  }

  public void remove(T entity) {
    em().remove(entity);
  }

  /**
   * The entity a checkout's event is about, locked as {@link #lock} locks one: the one whose UUID
   * id is the checkout's reference, or else the one whose {@code checkoutSessionId} is the event's
   * session. Empty if neither finds one.
   */
  protected Optional<T> lockForCheckout(PaymentEvent.Facts event) {
    return lockForCheckout(type, event);
  }

  /** {@link #lockForCheckout(PaymentEvent.Facts)} for an entity of another type. */
  protected <R> Optional<R> lockForCheckout(Class<R> entity, PaymentEvent.Facts event) {
    return lockForCheckout(entity, event, s -> where(entity, "checkoutSessionId", s));
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
    return lockForCheckout(entity, event, s -> named(entity, bySession, "session", s));
  }

  private <R> Optional<R> lockForCheckout(
      Class<R> entity, PaymentEvent.Facts event, Function<String, TypedQuery<R>> bySession) {
    return Optional.ofNullable(event.reference())
        .flatMap(Ids::tryParse)
        .flatMap(id -> lock(entity, id))
        .or(
            () ->
                Optional.ofNullable(event.checkoutSessionId())
                    .flatMap(s -> first(locking(bySession.apply(s)))));
  }

  /**
   * A native SQL statement on the vertical's own tables, for what JPQL cannot say ({@code INSERT
   * ... ON CONFLICT}, {@code RETURNING}, aggregates by day): {@code ?1} is the bound tenant's id,
   * which every statement names besides the row-level policy, and {@code ?2}, {@code ?3}... are
   * {@code values} in order, an {@link Instant} bound as a timestamp.
   */
  protected Query sql(String sql, Object... values) {
    Query query = em().createNativeQuery(sql).setParameter(1, tenant.tenantId());
    for (int i = 0; i < values.length; i++) {
      query.setParameter(i + 2, values[i] instanceof Instant t ? Timestamp.from(t) : values[i]);
    }
    return query;
  }

  /**
   * One setting of the bound tenant's row in the vertical's settings table ({@code table}, such as
   * {@code events.settings}, a row per tenant keyed by {@code tenant_id}): the value of {@code
   * column} as {@code type} ({@code String} for text, {@code Boolean}, {@code Long} for bigint...);
   * empty when the tenant has no row yet or the column is null. {@code table} and {@code column}
   * are written into the SQL as they are: constants of the vertical, never input.
   */
  protected <V> Optional<V> setting(Class<V> type, String table, String column) {
    List<?> row =
        sql("SELECT " + column + " FROM " + table + " WHERE tenant_id = ?1").getResultList();
    return row.isEmpty() ? Optional.empty() : Optional.ofNullable(type.cast(row.get(0)));
  }

  /**
   * Sets one {@link #setting} of the bound tenant, making its row if it has none yet (the table's
   * other columns then take their defaults).
   */
  protected void setting(String table, String column, Object value) {
    sql(
            "INSERT INTO "
                + table
                + " (tenant_id, "
                + column
                + ") VALUES (?1, ?2) ON CONFLICT (tenant_id) DO UPDATE SET "
                + column
                + " = EXCLUDED."
                + column,
            value)
        .executeUpdate();
  }

  /**
   * The rows of a native {@link #sql} query as records: each row's columns, in order, are the
   * record's components, a number read as the component's number type and a timestamp as an {@link
   * Instant}. The record must be public.
   */
  protected <R extends Record> List<R> rows(Class<R> record, String sql, Object... values) {
    return records(record, sql(sql, values).getResultList());
  }

  /**
   * The rows of one native query, as {@link #rows} reads them ({@code ?1} the bound tenant's id,
   * {@code ?2}, {@code ?3}... {@code values}), read at once for the bound tenant without a JTA
   * transaction or EclipseLink: on a connection of the application's datasource, one round trip
   * binds the tenant ({@code set_config('plinth.tenant_id', ..., true)}, the setting row-level
   * security reads, as the host's tenant transactions bind it) and runs {@code sql}, both in the
   * one implicit transaction that the driver's single sync after them ends (on a connection not in
   * autocommit, a rollback ends it), so the setting never outlives the read on the pooled
   * connection. Row-level security applies as everywhere: another tenant's rows are not there.
   *
   * <p>For a quick answer before the transaction that decides, such as refusing at once to hold an
   * item already taken: what it reads was committed before the call and may have changed since, so
   * the caller acts on it only where the deciding statement (a conditional update) would refuse
   * anyway. Read-only: {@code sql} is one {@code SELECT}. Called inside a transaction, it reads in
   * that transaction, as {@link #rows} does.
   */
  protected <R extends Record> List<R> peek(Class<R> record, String sql, Object... values) {
    if (inTransaction()) {
      return rows(record, sql, values);
    }
    Matcher param = PARAM.matcher(sql);
    StringBuilder jdbc = new StringBuilder("SELECT set_config('plinth.tenant_id', ?, true); ");
    List<Object> bound = new ArrayList<>();
    while (param.find()) {
      int n = Integer.parseInt(param.group(1));
      Object value = n == 1 ? tenant.tenantId() : values[n - 2];
      bound.add(value instanceof Instant t ? Timestamp.from(t) : value);
      param.appendReplacement(jdbc, "?");
    }
    param.appendTail(jdbc);
    List<Object[]> rows = new ArrayList<>();
    try (Connection c = dataSource().getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      try (PreparedStatement s = c.prepareStatement(jdbc.toString())) {
        s.setString(1, tenant.tenantId().toString());
        for (int i = 0; i < bound.size(); i++) {
          s.setObject(i + 2, bound.get(i));
        }
        s.execute(); // set_config's row; the query's rows follow
        if (!s.getMoreResults()) {
          throw new IllegalArgumentException("not a query: " + sql);
        }
        try (ResultSet rs = s.getResultSet()) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
              row[i] = rs.getObject(i + 1);
            }
            rows.add(row);
          }
        }
      } finally {
        if (!autoCommit) {
          // a transaction the driver began: ending it forgets the setting; nothing was written
          c.rollback();
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading for tenant " + tenant.tenantId(), e);
    }
    return records(record, rows);
  }

  private static boolean inTransaction() {
    try {
      TransactionSynchronizationRegistry tx =
          (TransactionSynchronizationRegistry)
              new InitialContext().lookup("java:comp/TransactionSynchronizationRegistry");
      return tx.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
    } catch (NamingException e) {
      throw new IllegalStateException("no transaction registry", e);
    }
  }

  private DataSource dataSource() {
    if (dataSource == null) {
      try {
        dataSource = (DataSource) new InitialContext().lookup(DATASOURCE);
      } catch (NamingException e) {
        throw new IllegalStateException("no datasource " + DATASOURCE, e);
      }
    }
    return dataSource;
  }

  private static <R extends Record> List<R> records(Class<R> record, List<?> result) {
    RecordComponent[] components = record.getRecordComponents();
    List<R> rows = new ArrayList<>();
    try {
      Constructor<R> make =
          record.getConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      for (Object row : result) {
        Object[] columns = row instanceof Object[] all ? all : new Object[] {row};
        Object[] args = new Object[components.length];
        for (int i = 0; i < args.length; i++) {
          args[i] = column(columns[i], components[i].getType());
        }
        rows.add(make.newInstance(args));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a " + record.getName() + " of a row", e);
    }
    return rows;
  }

  private static Object column(Object value, Class<?> type) {
    if (value instanceof Number n) {
      if (type == long.class || type == Long.class) {
        return n.longValue();
      }
      if (type == int.class || type == Integer.class) {
        return n.intValue();
      }
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    return value;
  }

  /** A JPQL query of this entity, with its parameters as name, value pairs. */
  protected TypedQuery<T> select(String jpql, Object... params) {
    return select(type, jpql, params);
  }

  /** A JPQL query with another result, such as a count, with parameters as name, value pairs. */
  protected <R> TypedQuery<R> select(Class<R> result, String jpql, Object... params) {
    return bind(em().createQuery(jpql, result), params);
  }

  /**
   * One page of a list of this vertical's records, newest first by {@code (createdAt, id)}: the
   * rows of {@code jpql} strictly after {@code before} (from the newest when null), at most {@code
   * limit} of them, and the {@link Cursor} of the next page if this one is full. {@code jpql}
   * selects the records by an alias and may filter them, with parameters as {@link #select} takes
   * them; it has no {@code ORDER BY}, which this adds with the cursor's condition:
   *
   * <pre>{@code
   * Page<Event> page = page(
   *     "SELECT e FROM Event e WHERE e.paymentStatus IN :statuses", before, limit,
   *     "statuses", statuses);
   * }</pre>
   *
   * The parameter names {@code pageAt} and {@code pageId} are the cursor's.
   *
   * @param <R> the record, this repository's entity or another of the vertical's
   */
  protected <R extends TenantRecord> Page<R> page(
      Class<R> record, String jpql, Cursor before, int limit, Object... params) {
    Matcher select = SELECT.matcher(jpql);
    if (!select.find()) {
      throw new IllegalArgumentException("not SELECT <alias> FROM ...: " + jpql);
    }
    String e = select.group(1);
    Cursor from = Cursor.orFirst(before);
    List<R> rows =
        bind(
                em().createQuery(
                        jpql
                            + (WHERE.matcher(jpql).find() ? " AND (" : " WHERE (")
                            + e
                            + ".createdAt < :pageAt OR ("
                            + e
                            + ".createdAt = :pageAt AND "
                            + e
                            + ".id < :pageId))"
                            + " ORDER BY "
                            + e
                            + ".createdAt DESC, "
                            + e
                            + ".id DESC",
                        record)
                    .setParameter("pageAt", from.at())
                    .setParameter("pageId", from.id()),
                params)
            .setMaxResults(limit)
            .getResultList();
    R last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
    return new Page<>(
        rows,
        Cursor.next(
            rows.size(), limit, last == null ? null : new Cursor(last.createdAt(), last.id())));
  }

  /** {@link #page(Class, String, Cursor, int, Object...)} of this repository's entity. */
  @SuppressWarnings("unchecked")
  protected Page<T> page(String jpql, Cursor before, int limit, Object... params) {
    if (!TenantRecord.class.isAssignableFrom(type)) {
      throw new IllegalStateException(type.getName() + " is not a TenantRecord");
    }
    return (Page<T>) page(type.asSubclass(TenantRecord.class), jpql, before, limit, params);
  }

  /**
   * Runs a JPQL {@code UPDATE} or {@code DELETE}, as {@link #select} takes it: the rows changed.
   */
  protected int execute(String jpql, Object... params) {
    return bind(em().createQuery(jpql), params).executeUpdate();
  }

  /**
   * The entities of this type whose attribute (a field's name, such as {@code checkoutSessionId})
   * equals {@code value}.
   */
  protected TypedQuery<T> where(String attribute, Object value) {
    return where(type, attribute, value);
  }

  /** {@link #where(String, Object)} for an entity of another type. */
  protected <R> TypedQuery<R> where(Class<R> entity, String attribute, Object value) {
    CriteriaBuilder cb = em().getCriteriaBuilder();
    CriteriaQuery<R> query = cb.createQuery(entity);
    Root<R> row = query.from(entity);
    return em().createQuery(query.where(cb.equal(row.get(attribute), value)));
  }

  /** A query whose results are locked as {@link #lock} locks one. */
  protected static <R> TypedQuery<R> locking(TypedQuery<R> query) {
    return query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
  }

  /** A named query of this entity, with its parameters as name, value pairs. */
  protected TypedQuery<T> named(String name, Object... params) {
    return named(type, name, params);
  }

  /** A named query with another result, such as a count, with parameters as name, value pairs. */
  protected <R> TypedQuery<R> named(Class<R> result, String name, Object... params) {
    return bind(em().createNamedQuery(name, result), params);
  }

  /**
   * Runs a named {@code UPDATE} or {@code DELETE}, as {@link #named} takes it: the rows changed.
   */
  protected int update(String name, Object... params) {
    return bind(em().createNamedQuery(name), params).executeUpdate();
  }

  private static <Q extends Query> Q bind(Q query, Object[] params) {
    for (int i = 0; i < params.length; i += 2) {
      query.setParameter((String) params[i], params[i + 1]);
    }
    return query;
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
    return locking(named(entity, name, params));
  }
}
