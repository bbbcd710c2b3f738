package dev.plinth.core.metrics;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The backlog as gauges: the webhook queue's depth, its lag (the age of the oldest due event), the
 * dead events and the notifications waiting to be sent. They are counted in the database, shared by
 * every instance, so each instance reports the same figures.
 *
 * <p>A scrape never touches the database: the gauges read figures that a scheduled task counts
 * every {@value #REFRESH_SECONDS} s in one query, and only while someone has read them in the last
 * minute. The task runs on Plinth's own scheduler, where the datasource and transactions are at
 * hand, which the scraping thread (Liberty's) is not.
 */
@ApplicationScoped
public class BacklogGauges {

  private static final Logger LOG = Logger.getLogger(BacklogGauges.class.getName());

  static final long REFRESH_SECONDS = 5;

  private static final Duration IDLE_AFTER = Duration.ofMinutes(1);

  /** One count of the backlog; {@code lagSeconds} is 0 when nothing is due. */
  public record Figures(
      long queueDepth, long lagSeconds, long deadEvents, long notificationsPending) {}

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Resource(lookup = "concurrent/plinthScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject ScopedTransactions transactions;

  @Inject MigrationState migrations;

  @Inject MetricRegistry registry;

  @Inject Clock clock;

  private volatile Figures figures = new Figures(0, 0, 0, 0);
  private volatile long lastReadNanos = System.nanoTime();
  private ScheduledFuture<?> task;

  /** Registers the gauges and starts counting; called once at start-up. */
  public synchronized void start() {
    if (task != null) {
      return;
    }
    gauge(
        "plinth.webhook.queue.depth",
        "Events waiting to be processed or being processed (pending, failed, processing)",
        Figures::queueDepth);
    gauge(
        "plinth.webhook.lag.seconds",
        "The age in seconds of the oldest event that is due and not yet processed",
        Figures::lagSeconds);
    gauge("plinth.webhook.dead", "Events that failed every attempt (dead)", Figures::deadEvents);
    gauge(
        "plinth.notifications.pending",
        "Notifications waiting to be sent",
        Figures::notificationsPending);
    task =
        scheduler.scheduleWithFixedDelay(this::refreshIfRead, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  synchronized void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private void gauge(String name, String description, ToLongFunction<Figures> figure) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).build(),
        this,
        g -> g.read(figure));
  }

  private long read(ToLongFunction<Figures> figure) {
    lastReadNanos = System.nanoTime();
    return figure.applyAsLong(figures);
  }

  private void refreshIfRead() {
    boolean idle = System.nanoTime() - lastReadNanos > IDLE_AFTER.toNanos();
    if (idle || !migrations.isComplete()) {
      return;
    }
    try {
      figures = count();
    } catch (RuntimeException e) {
      // the figures stay as last counted; readiness reports an unreachable database
      LOG.log(Level.FINE, "backlog gauges: " + e.getMessage(), e);
    }
  }

  /** Counts the backlog now, in the platform scope (the gauges show the last such count). */
  public Figures count() {
    Instant now = clock.instant();
    Object[] row =
        transactions.inPlatform(
            () ->
                (Object[])
                    em.createNativeQuery(
                            "SELECT (SELECT count(*) FROM core.webhook_events"
                                + "  WHERE status IN ('pending', 'failed', 'processing')),"
                                + " (SELECT min(next_attempt_at) FROM core.webhook_events"
                                + "  WHERE status IN ('pending', 'failed', 'processing')"
                                + "  AND next_attempt_at <= ?1),"
                                + " (SELECT count(*) FROM core.webhook_events WHERE status = 'dead'),"
                                + " (SELECT count(*) FROM core.notifications"
                                + "  WHERE status = 'pending')")
                        .setParameter(1, Timestamp.from(now))
                        .getSingleResult());
    long lag =
        row[1] == null
            ? 0
            : Math.max(0, Duration.between(SqlValues.instant(row[1]), now).toSeconds());
    return new Figures(
        ((Number) row[0]).longValue(),
        lag,
        ((Number) row[2]).longValue(),
        ((Number) row[3]).longValue());
  }
}
