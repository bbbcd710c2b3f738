package dev.plinth.core.webhook;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Group commit for the webhook intake. Deliveries that passed their signature check wait here
 * briefly; one thread inserts what has gathered (up to {@code PLINTH_INTAKE_BATCH_MAX} rows, or
 * what came within {@code PLINTH_INTAKE_BATCH_WAIT_MICROS} of the first) in one transaction, one
 * multi-row statement per tenant, and answers each delivery only once that transaction has
 * committed: an acknowledged event is on disk, as before, but many deliveries share one commit (one
 * WAL flush) instead of paying one each.
 *
 * <p>Plain JDBC on the application's datasource, with row-level security as everywhere: each
 * tenant's rows go in one round trip that binds the tenant ({@code set_config(..., true)}) and
 * inserts, sent together. A batch that fails is retried row by row, each in its own transaction, so
 * that one bad row fails only its own delivery.
 */
@ApplicationScoped
public class IntakeBatcher {

  private static final Logger LOG = Logger.getLogger(IntakeBatcher.class.getName());

  /** One verified delivery, to be recorded for its tenant. */
  public record Row(
      UUID tenantId, StripeEventEnvelope.Head event, String payload, String source, Timestamp at) {}

  private record Pending(Row row, CompletableFuture<Boolean> inserted) {}

  private static final String COLUMNS =
      "INSERT INTO core.webhook_events (id, tenant_id, event_id, event_type, object_id,"
          + " api_version, livemode, stripe_created, account, source, payload, next_attempt_at,"
          + " received_at) VALUES ";
  private static final String VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String CONFLICT =
      " ON CONFLICT (tenant_id, provider, event_id) DO NOTHING RETURNING event_id";

  @Resource(lookup = "jdbc/plinth")
  DataSource dataSource;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "PLINTH_INTAKE_BATCH_MAX", defaultValue = "64")
  int maxBatch;

  @Inject
  @ConfigProperty(name = "PLINTH_INTAKE_BATCH_WAIT_MICROS", defaultValue = "2000")
  long waitMicros;

  @Inject
  @ConfigProperty(name = "PLINTH_INTAKE_TIMEOUT_SECONDS", defaultValue = "10")
  long timeoutSeconds;

  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private Thread committer;
  private volatile boolean stopping;

  /**
   * Records a delivery and returns whether it was new ({@code false}: the tenant already had this
   * event id). Returns only after the row is committed; a failure to commit is thrown as it came
   * from the database.
   */
  public boolean record(Row row) {
    start();
    Pending p = new Pending(row, new CompletableFuture<>());
    queue.add(p);
    try {
      return p.inserted().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording a delivery", e);
    } catch (TimeoutException e) {
      // the committer may still commit it: Stripe's retry then finds a duplicate, nothing is lost
      throw new IllegalStateException("the database did not record the delivery in time", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private synchronized void start() {
    if (committer != null || stopping) {
      return;
    }
    committer = threads.newThread(this::loop);
    committer.setName("plinth-intake-committer");
    committer.setDaemon(true);
    committer.start();
  }

  @PreDestroy
  synchronized void stop() {
    stopping = true;
    if (committer != null) {
      committer.interrupt();
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (!stopping) {
      try {
        batch.add(queue.take());
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(waitMicros);
        while (batch.size() < maxBatch) {
          long left = deadline - System.nanoTime();
          Pending next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        commit(batch);
      } catch (InterruptedException e) {
        batch.forEach(p -> p.inserted().completeExceptionally(e));
        return;
      } catch (RuntimeException | Error e) {
        LOG.log(Level.SEVERE, "webhook intake committer: " + e.getMessage(), e);
        batch.forEach(p -> p.inserted().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Pending> batch) {
    try {
      Set<String> inserted = insert(batch);
      answer(batch, inserted);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).inserted().completeExceptionally(asRuntime(e));
        return;
      }
      // one bad row must not fail its neighbours: each goes again on its own
      for (Pending p : batch) {
        try {
          answer(List.of(p), insert(List.of(p)));
        } catch (SQLException | RuntimeException single) {
          p.inserted().completeExceptionally(asRuntime(single));
        }
      }
    }
  }

  /**
   * The first delivery of an event id in the batch is new if its row went in; a second delivery of
   * the same event in the same batch is a duplicate, as it would be a moment later.
   */
  private static void answer(List<Pending> batch, Set<String> inserted) {
    Set<String> answered = new HashSet<>();
    for (Pending p : batch) {
      String key = key(p.row());
      p.inserted().complete(inserted.contains(key) && answered.add(key));
    }
  }

  /** Inserts the rows in one transaction; returns the keys of those that went in. */
  private Set<String> insert(List<Pending> batch) throws SQLException {
    Map<UUID, List<Row>> byTenant = new LinkedHashMap<>();
    for (Pending p : batch) {
      byTenant.computeIfAbsent(p.row().tenantId(), t -> new ArrayList<>()).add(p.row());
    }
    Set<String> inserted = new HashSet<>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (var tenant : byTenant.entrySet()) {
          insertForTenant(c, tenant.getKey(), tenant.getValue(), inserted);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return inserted;
  }

  /**
   * Binds the tenant and inserts its rows, in one round trip: the driver sends both statements
   * before waiting for either's answer.
   */
  private static void insertForTenant(
      Connection c, UUID tenantId, List<Row> rows, Set<String> inserted) throws SQLException {
    // two rows of one event id in the statement: ON CONFLICT DO NOTHING inserts the first and
    // skips the second (only DO UPDATE refuses to touch a row twice), so none are removed here
    StringBuilder sql = new StringBuilder("SELECT set_config('plinth.tenant_id', ?, true); ");
    sql.append(COLUMNS);
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? VALUES : ", " + VALUES);
    }
    sql.append(CONFLICT);
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 1;
      s.setString(i++, tenantId.toString());
      for (Row r : rows) {
        StripeEventEnvelope.Head e = r.event();
        s.setObject(i++, UUID.randomUUID());
        s.setObject(i++, tenantId);
        s.setString(i++, e.id());
        s.setString(i++, e.type());
        s.setString(i++, e.objectId());
        s.setString(i++, e.apiVersion());
        s.setBoolean(i++, e.livemode());
        s.setTimestamp(i++, Timestamp.from(e.created()));
        s.setString(i++, e.account().orElse(null));
        s.setString(i++, r.source());
        s.setString(i++, r.payload());
        s.setTimestamp(i++, r.at());
        s.setTimestamp(i++, r.at());
      }
      boolean results = s.execute();
      // the first result is set_config's row; the insert's RETURNING follows
      while (true) {
        if (results) {
          try (ResultSet rs = s.getResultSet()) {
            if (rs.getMetaData().getColumnName(1).equals("event_id")) {
              while (rs.next()) {
                inserted.add(tenantId + "|" + rs.getString(1));
              }
            }
          }
        } else if (s.getUpdateCount() == -1) {
          break;
        }
        results = s.getMoreResults();
      }
    }
  }

  private static String key(Row r) {
    return r.tenantId() + "|" + r.event().id();
  }

  private static RuntimeException asRuntime(Exception e) {
    return e instanceof RuntimeException r
        ? r
        : new IllegalStateException("recording a delivery: " + e.getMessage(), e);
  }
}
