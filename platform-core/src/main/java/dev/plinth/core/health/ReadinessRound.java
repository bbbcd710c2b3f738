package dev.plinth.core.health;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.db.DatabaseErrors;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.VerticalHealth;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The database work of the readiness checks, started all at once with one deadline. MicroProfile
 * Health calls the checks one after the other; if each waited {@code PLINTH_DB_CHECK_TIMEOUT_MS}
 * for an unreachable database, /health/ready would answer after several timeouts, later than a load
 * balancer waits. The first check of a request starts a round (the database ping, the webhook
 * backlog and every vertical's check, side by side on the application's executor); the checks after
 * it wait for their part of the same round, until the same deadline. So /health/ready answers
 * within one timeout however many checks read the database.
 *
 * <p>A round serves each check once: a check that has already had its part of the current round
 * starts a new one, so every request reads the database afresh, and concurrent requests never see a
 * part twice. A round that is over and older than the timeout is not handed out either.
 */
@ApplicationScoped
public class ReadinessRound {

  /** The checks that read a round. */
  enum Part {
    DATABASE,
    WEBHOOKS,
    VERTICALS
  }

  @Resource(lookup = "jdbc/plinth")
  DataSource dataSource;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Inject ScopedTransactions transactions;

  @Inject VerticalRegistry verticals;

  @Inject MigrationState migrations;

  @Inject PlinthConfig config;

  @Inject Clock clock;

  private Round current;

  /** One round of readiness work: its parts and the deadline they share. */
  record Round(
      long deadline,
      Duration limit,
      Instant at,
      Future<Long> ping,
      Future<Object[]> backlog,
      Map<PlinthVertical, Future<VerticalHealth>> verticals,
      EnumSet<Part> handedOut) {

    /** The part's outcome, waiting for it no later than the round's deadline. */
    <T> Bounded.Outcome<T> await(Future<T> part) {
      return Bounded.await(part, deadline, limit);
    }

    private boolean serves(Part part, long now) {
      return !handedOut.contains(part) && now - deadline < 0;
    }
  }

  /** The round for {@code part}'s check: the current one, or a new one if it has had it. */
  synchronized Round current(Part part) {
    long now = System.nanoTime();
    if (current == null || !current.serves(part, now)) {
      current = start(now);
    }
    current.handedOut().add(part);
    return current;
  }

  private Round start(long now) {
    Duration limit = config.dbCheckTimeout();
    Instant at = clock.instant();
    Future<Long> ping = executor.submit(this::ping);
    // before migrations are done the tables are not there to read: nothing to ask yet
    boolean migrated = migrations.isComplete();
    Future<Object[]> backlog = migrated ? executor.submit(() -> backlog(at)) : null;
    Map<PlinthVertical, Future<VerticalHealth>> asked = new LinkedHashMap<>();
    for (PlinthVertical v : verticals.all()) {
      asked.put(
          v,
          migrated
              ? executor.submit(v::health)
              : CompletableFuture.completedFuture(
                  VerticalHealth.down("migrations are not complete")));
    }
    return new Round(
        now + limit.toNanos(), limit, at, ping, backlog, asked, EnumSet.noneOf(Part.class));
  }

  /** Milliseconds a {@code SELECT 1} took. */
  private Long ping() {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(Math.max(1, (int) config.dbCheckTimeout().toSeconds()));
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
      }
    } catch (Exception e) {
      throw new IllegalStateException(DatabaseErrors.describe(e), e);
    }
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  /** The oldest due event's next attempt (or null) and the number of dead events. */
  private Object[] backlog(Instant now) {
    return transactions.inPlatform(
        () ->
            (Object[])
                em.createNativeQuery(
                        "SELECT (SELECT min(next_attempt_at) FROM core.webhook_events"
                            + "  WHERE status IN ('pending', 'failed', 'processing')"
                            + "  AND next_attempt_at <= ?1),"
                            + " (SELECT count(*) FROM core.webhook_events"
                            + "  WHERE status = 'dead')")
                    .setParameter(1, Timestamp.from(now))
                    .getSingleResult());
  }
}
