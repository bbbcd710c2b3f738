package dev.plinth.core.retention;

import dev.plinth.core.jobs.JobRuns;
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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes what is done with and old (see {@link RetentionSettings}), on a schedule and when an
 * admin asks ({@code POST /api/admin/retention/run}):
 *
 * <ol>
 *   <li>completed and skipped webhook events, with their attempts, once older than the age and the
 *       30-day duplicate window both;
 *   <li>the payload and attempts of younger completed and skipped events older than the age: the
 *       row stays, so that a repeat delivery of the event is still a duplicate;
 *   <li>sent notifications, resolved errors, unroutable Connect events (by when they were received)
 *       and job runs older than the age, and the job runs beyond the newest {@code
 *       PLINTH_JOB_RUNS_KEEP} (100,000 by default).
 * </ol>
 *
 * Nothing pending, processing, failed or dead is touched, nor any unsent notification or open
 * error. Age counts from when a row was finished: {@code processed_at}, {@code sent_at}, {@code
 * resolved_at}. Rows go in batches, each in a short platform-scope transaction of its own that
 * locks only its batch; rows another transaction holds are skipped ({@code SKIP LOCKED}) and left
 * for the next run, so that several instances may run it at once.
 */
@ApplicationScoped
public class RetentionJob {

  private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

  private static final String DONE = "status IN ('completed', 'skipped')";

  /** Completed and skipped events past the duplicate window: attempts and rows go. */
  private static final String DELETE_EVENTS =
      "WITH batch AS (SELECT id, tenant_id FROM core.webhook_events"
          + "  WHERE "
          + DONE
          + " AND processed_at < ?1"
          + "  ORDER BY processed_at LIMIT ?2 FOR UPDATE SKIP LOCKED),"
          + " attempts AS (DELETE FROM core.webhook_attempts a USING batch b"
          + "  WHERE a.tenant_id = b.tenant_id AND a.event_ref = b.id)"
          + " DELETE FROM core.webhook_events e USING batch b WHERE e.id = b.id";

  /** Completed and skipped events past the age: attempts and payload go, the row stays. */
  private static final String STRIP_EVENTS =
      "WITH batch AS (SELECT id, tenant_id FROM core.webhook_events"
          + "  WHERE "
          + DONE
          + " AND payload IS NOT NULL AND processed_at < ?1"
          + "  ORDER BY processed_at LIMIT ?2 FOR UPDATE SKIP LOCKED),"
          + " attempts AS (DELETE FROM core.webhook_attempts a USING batch b"
          + "  WHERE a.tenant_id = b.tenant_id AND a.event_ref = b.id)"
          + " UPDATE core.webhook_events e SET payload = NULL FROM batch b WHERE e.id = b.id";

  private static final String DELETE_NOTIFICATIONS =
      "DELETE FROM core.notifications WHERE id IN (SELECT id FROM core.notifications"
          + " WHERE status = 'sent' AND sent_at < ?1"
          + " ORDER BY sent_at LIMIT ?2 FOR UPDATE SKIP LOCKED)";

  private static final String DELETE_ERRORS =
      "DELETE FROM core.error_log WHERE id IN (SELECT id FROM core.error_log"
          + " WHERE resolved AND resolved_at < ?1"
          + " ORDER BY resolved_at LIMIT ?2 FOR UPDATE SKIP LOCKED)";

  /**
   * Unroutable Connect events older than the age: kept for an admin to look into (an account no
   * tenant had bound yet), then gone like the other logs. They are only ever inserted, so nothing
   * else locks them (and the application role, with no UPDATE on them, may not).
   */
  private static final String DELETE_UNROUTABLE =
      "DELETE FROM core.unroutable_events WHERE id IN (SELECT id FROM core.unroutable_events"
          + " WHERE received_at < ?1 ORDER BY received_at LIMIT ?2)";

  /**
   * Job runs older than the age. The history is only ever inserted into, so nothing else locks its
   * rows (and the application role may not lock them: it has no UPDATE on it).
   */
  private static final String DELETE_JOB_RUNS =
      "DELETE FROM core.job_runs WHERE id IN (SELECT id FROM core.job_runs"
          + " WHERE started_at < ?1 ORDER BY started_at LIMIT ?2)";

  /** Job runs beyond the newest {@code PLINTH_JOB_RUNS_KEEP}. */
  private static final String DELETE_JOB_RUNS_OVER =
      "DELETE FROM core.job_runs WHERE id IN (SELECT id FROM core.job_runs"
          + " ORDER BY started_at DESC, id DESC OFFSET ?1 LIMIT ?2)";

  /** Console sessions that expired, or were revoked, before the cutoff (a day ago). */
  private static final String DELETE_SESSIONS =
      "DELETE FROM core.admin_sessions WHERE id_hash IN (SELECT id_hash FROM core.admin_sessions"
          + " WHERE expires_at < ?1 OR revoked_at < ?1 LIMIT ?2 FOR UPDATE SKIP LOCKED)";

  /** How long an ended console session's row stays. */
  private static final Duration SESSIONS_KEPT = Duration.ofDays(1);

  /** What one run removed. */
  public record Purged(
      int events,
      int payloads,
      int notifications,
      int errors,
      int sessions,
      int unroutable,
      Instant cutoff,
      Instant idCutoff) {}

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Resource(lookup = "concurrent/plinthScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject ScopedTransactions transactions;

  @Inject MigrationState migrations;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_RETENTION_DAYS", defaultValue = "90")
  String days;

  @Inject
  @ConfigProperty(name = "PLINTH_RETENTION_BATCH_SIZE", defaultValue = "1000")
  String batchSize;

  @Inject
  @ConfigProperty(name = "PLINTH_RETENTION_INTERVAL_MINUTES", defaultValue = "60")
  String intervalMinutes;

  /** How many job runs the history keeps at most, whatever their age. */
  @Inject
  @ConfigProperty(name = "PLINTH_JOB_RUNS_KEEP", defaultValue = "100000")
  int keepRuns;

  @Inject JobRuns runs;

  private volatile RetentionSettings settings;

  private ScheduledFuture<?> scheduled;

  /** Reads and checks the settings; a bad value refuses the start, naming the variable. */
  public void configure() {
    settings = RetentionSettings.parse(days, batchSize, intervalMinutes);
    if (keepRuns < 0) {
      throw new IllegalStateException(
          "PLINTH_JOB_RUNS_KEEP must not be negative; it is " + keepRuns);
    }
  }

  /** Starts the schedule, unless its interval is zero. */
  public synchronized void start() {
    long every = settings.interval().toMinutes();
    if (every > 0) {
      scheduled =
          scheduler.scheduleWithFixedDelay(this::runScheduled, every, every, TimeUnit.MINUTES);
    }
  }

  /** The application stops (or is redeployed): the schedule stops with it. */
  @PreDestroy
  synchronized void stop() {
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  public RetentionSettings settings() {
    return settings;
  }

  private void runScheduled() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // a periodic task that throws is never run again: log, and try at the next interval
      LOG.log(Level.WARNING, "retention failed: " + e.getMessage(), e);
    }
  }

  /**
   * One run: every kind of row, batch after batch, until none is left, recorded in the jobs'
   * history. Empty before migrations.
   */
  public Purged runOnce() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.age());
    Instant idCutoff = now.minus(settings.eventIdAge());
    if (!migrations.isComplete()) {
      return new Purged(0, 0, 0, 0, 0, 0, cutoff, idCutoff);
    }
    Instant sessionsCutoff = now.minus(SESSIONS_KEPT);
    return runs.track(JobRuns.RETENTION, () -> purge(cutoff, idCutoff, sessionsCutoff));
  }

  private Purged purge(Instant cutoff, Instant idCutoff, Instant sessionsCutoff) {
    Purged purged =
        new Purged(
            inBatches(DELETE_EVENTS, idCutoff),
            inBatches(STRIP_EVENTS, cutoff),
            inBatches(DELETE_NOTIFICATIONS, cutoff),
            inBatches(DELETE_ERRORS, cutoff),
            inBatches(DELETE_SESSIONS, sessionsCutoff),
            inBatches(DELETE_UNROUTABLE, cutoff),
            cutoff,
            idCutoff);
    int jobRuns = inBatches(DELETE_JOB_RUNS, cutoff) + inBatches(DELETE_JOB_RUNS_OVER, keepRuns);
    LOG.info(
        "Retention removed "
            + purged.events()
            + " webhook events, the payloads of "
            + purged.payloads()
            + " more, "
            + purged.notifications()
            + " notifications, "
            + purged.errors()
            + " resolved errors, "
            + purged.sessions()
            + " ended console sessions, "
            + purged.unroutable()
            + " unroutable events and "
            + jobRuns
            + " job runs");
    return purged;
  }

  /**
   * Runs {@code sql} one batch per transaction until a batch comes back short; {@code first} is its
   * first parameter, an instant or a number.
   */
  private int inBatches(String sql, Object first) {
    Object param = first instanceof Instant i ? Timestamp.from(i) : first;
    int total = 0;
    int n;
    do {
      n =
          transactions.inPlatform(
              () ->
                  em.createNativeQuery(sql)
                      .setParameter(1, param)
                      .setParameter(2, settings.batchSize())
                      .executeUpdate());
      total += n;
    } while (n == settings.batchSize());
    return total;
  }
}
