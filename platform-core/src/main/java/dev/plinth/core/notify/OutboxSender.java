package dev.plinth.core.notify;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.webhook.RetrySchedule;
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
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the outbox: every {@code PLINTH_NOTIFY_POLL_SECONDS} (default 5), once migrations are
 * complete, it sends every due pending message of every tenant, in the platform scope, through the
 * configured {@link MailSender}.
 *
 * <p>Each message is claimed, sent and marked in one transaction of its own: the claim is a row
 * lock taken with {@code FOR UPDATE SKIP LOCKED}, so that senders in this and other instances never
 * send one message at the same time, and a message only becomes due again after its outcome has
 * committed. A message is sent only after the transaction that queued it has committed (before then
 * no other transaction can see it). A sent message is marked {@code sent} with its {@code sent_at}.
 * A failed one stays {@code pending} with its attempts, last error and a next attempt after the
 * {@code PLINTH_NOTIFY_RETRY_SCHEDULE} delay (default {@code 30s,2m,10m,1h}); after the last delay
 * it is retried at that delay for ever: a message is never given up.
 *
 * <p>Guarantees: at least once overall, since a message is tried until a send succeeds; and at most
 * once per successful send, since a message recorded as sent is never sent again. A duplicate
 * happens only when a mail left but the transaction recording it then failed to commit (the
 * instance died, the database went away, or the send outlasted the transaction timeout, which the
 * SMTP timeouts keep it well within).
 */
@ApplicationScoped
public class OutboxSender {

  private static final Logger LOG = Logger.getLogger(OutboxSender.class.getName());

  /** What became of one attempt to send a message. */
  public record Delivery(
      boolean sent, int attempts, String error, Instant nextAttemptAt, Instant sentAt) {}

  static final String DEFAULT_SCHEDULE = "30s,2m,10m,1h";

  static final int MAX_ERROR_LENGTH = 2000;

  private static final String CLAIM =
      "SELECT n.id, n.tenant_id, t.slug, n.kind, n.recipient, n.subject, n.body, n.attempts"
          + " FROM core.notifications n JOIN core.tenants t ON t.id = n.tenant_id"
          + " WHERE n.status = 'pending' AND n.next_attempt_at <= ?1"
          + " ORDER BY n.next_attempt_at LIMIT 1"
          + " FOR UPDATE OF n SKIP LOCKED";

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Resource(lookup = "concurrent/plinthScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject ScopedTransactions transactions;

  @Inject MigrationState migrations;

  @Inject MailSenders mailSenders;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_NOTIFY_POLL_SECONDS", defaultValue = "5")
  long pollSeconds;

  @Inject
  @ConfigProperty(name = "PLINTH_NOTIFY_RETRY_SCHEDULE", defaultValue = DEFAULT_SCHEDULE)
  String retrySchedule;

  private MailSender mailSender;
  private RetrySchedule schedule;
  private ScheduledFuture<?> task;
  private volatile boolean stopping;

  /** Starts the schedule; called once at start-up. Refuses a bad interval or retry schedule. */
  public synchronized void start() {
    if (task != null) {
      return;
    }
    if (pollSeconds < 1) {
      throw new IllegalArgumentException("PLINTH_NOTIFY_POLL_SECONDS must be at least 1");
    }
    schedule = schedule(retrySchedule);
    mailSender = mailSenders.configured();
    LOG.info(
        mailSender instanceof SmtpMailSender smtp
            ? "Notifications are sent by SMTP through " + smtp.settings()
            : "Notifications are written to the server log (set PLINTH_SMTP_HOST to send mail)");
    task =
        scheduler.scheduleWithFixedDelay(this::runOnce, pollSeconds, pollSeconds, TimeUnit.SECONDS);
  }

  @PreDestroy
  synchronized void stop() {
    stopping = true;
    if (task != null) {
      task.cancel(false);
    }
  }

  void runOnce() {
    if (!migrations.isComplete()) {
      return;
    }
    try {
      while (!stopping && sendNext()) {
        // the next due message
      }
    } catch (RuntimeException | Error e) {
      // a periodic task that throws is never run again: log and try again at the next poll
      if (!stopping) {
        LOG.log(Level.WARNING, "notification sender: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Claims one due message, sends it and records the outcome, in one platform transaction; false
   * when none is due.
   */
  boolean sendNext() {
    return transactions.inPlatform(
        () -> {
          List<?> rows =
              em.createNativeQuery(CLAIM)
                  .setParameter(1, Timestamp.from(clock.instant()))
                  .getResultList();
          if (rows.isEmpty()) {
            return false;
          }
          OutboxMessage m = message((Object[]) rows.get(0));
          record(m, deliver(m, mailSender, schedule, clock));
          return true;
        });
  }

  /** Sends one message and says what became of it; never throws for a failed send. */
  static Delivery deliver(OutboxMessage m, MailSender sender, RetrySchedule schedule, Clock clock) {
    int attempt = m.attempts() + 1;
    try {
      sender.send(m);
      return new Delivery(true, attempt, null, null, clock.instant());
    } catch (Exception e) {
      return new Delivery(
          false, attempt, describe(e), clock.instant().plus(backoff(schedule, attempt)), null);
    }
  }

  /**
   * The wait after failed attempt {@code attempt}: the schedule's delay for it, and the schedule's
   * last delay for every attempt after that. Never null: nothing is given up.
   */
  static Duration backoff(RetrySchedule schedule, int attempt) {
    int n = Math.max(1, Math.min(attempt, schedule.delays().size()));
    return schedule.delayAfter(n);
  }

  /** Parses the retry schedule, refusing a delay that is not positive. */
  static RetrySchedule schedule(String spec) {
    RetrySchedule s;
    try {
      s = RetrySchedule.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PLINTH_NOTIFY_RETRY_SCHEDULE: " + e.getMessage(), e);
    }
    if (s.delays().stream().anyMatch(d -> d.isZero() || d.isNegative())) {
      throw new IllegalArgumentException("PLINTH_NOTIFY_RETRY_SCHEDULE: delays must be positive");
    }
    return s;
  }

  static String describe(Exception e) {
    String s = e.getMessage() == null ? e.getClass().getName() : e.toString();
    return s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH);
  }

  private void record(OutboxMessage m, Delivery d) {
    if (d.sent()) {
      em.createNativeQuery(
              "UPDATE core.notifications SET status = 'sent', attempts = ?2, sent_at = ?3"
                  + " WHERE id = ?1")
          .setParameter(1, m.id())
          .setParameter(2, d.attempts())
          .setParameter(3, Timestamp.from(d.sentAt()))
          .executeUpdate();
      LOG.fine(() -> "notification " + m.id() + " sent on attempt " + d.attempts());
      return;
    }
    em.createNativeQuery(
            "UPDATE core.notifications SET attempts = ?2, last_error = ?3, next_attempt_at = ?4"
                + " WHERE id = ?1")
        .setParameter(1, m.id())
        .setParameter(2, d.attempts())
        .setParameter(3, d.error())
        .setParameter(4, Timestamp.from(d.nextAttemptAt()))
        .executeUpdate();
    LOG.warning(
        "notification "
            + m.id()
            + " ("
            + m.kind()
            + ") for tenant "
            + m.tenant()
            + " failed on attempt "
            + d.attempts()
            + ", retrying at "
            + d.nextAttemptAt()
            + ": "
            + d.error());
  }

  private static OutboxMessage message(Object[] r) {
    return new OutboxMessage(
        SqlValues.uuid(r[0]),
        SqlValues.uuid(r[1]),
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (String) r[5],
        (String) r[6],
        ((Number) r[7]).intValue());
  }
}
