package dev.plinth.core.webhook;

import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claims due events over all tenants and hands them to the {@link EventProcessor}. A claim is a
 * lease: {@code FOR UPDATE SKIP LOCKED} keeps concurrent workers (in this instance or another) off
 * each other's rows, and an event whose lease ran out (a worker died) is claimable again. Workers
 * start at once when an event is recorded, and a poll picks up retries and leftovers.
 */
@ApplicationScoped
public class WebhookWorker {

  private static final Logger LOG = Logger.getLogger(WebhookWorker.class.getName());

  /** One claimed event. */
  public record Claim(
      UUID id,
      UUID tenantId,
      String slug,
      String vertical,
      String ownerEmail,
      int attempt,
      UUID token) {}

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Resource(lookup = "concurrent/plinthWorkers")
  ManagedExecutorService workers;

  @Resource(lookup = "concurrent/plinthScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject ScopedTransactions transactions;

  @Inject EventProcessor processor;

  @Inject MigrationState migrations;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_WORKERS", defaultValue = "2")
  int maxWorkers;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_LEASE_SECONDS", defaultValue = "60")
  long leaseSeconds;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_POLL_MS", defaultValue = "1000")
  long pollMillis;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_BATCH", defaultValue = "10")
  int batch;

  private final AtomicInteger running = new AtomicInteger();

  /** Starts the poll; called once at start-up. */
  public void start() {
    scheduler.scheduleWithFixedDelay(this::kick, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /** Starts a worker unless enough are running; returns at once. */
  public void kick() {
    if (!migrations.isComplete()) {
      return;
    }
    int now = running.get();
    if (now < maxWorkers && running.compareAndSet(now, now + 1)) {
      try {
        workers.execute(this::drain);
      } catch (RuntimeException e) {
        running.decrementAndGet();
        LOG.log(Level.WARNING, "cannot start a webhook worker", e);
      }
    }
  }

  private void drain() {
    try {
      List<Claim> claims;
      do {
        claims = claim();
        claims.forEach(processor::process);
      } while (!claims.isEmpty());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "webhook worker stopped: " + e.getMessage(), e);
    } finally {
      running.decrementAndGet();
    }
  }

  /** Claims up to a batch of due events, committing the claim at once. */
  List<Claim> claim() {
    Instant now = clock.instant();
    UUID token = UUID.randomUUID();
    Timestamp until = Timestamp.from(now.plus(Duration.ofSeconds(leaseSeconds)));
    List<?> rows =
        transactions.inPlatform(
            () ->
                em.createNativeQuery(
                        "UPDATE core.webhook_events e SET status = 'processing',"
                            + " attempts = e.attempts + 1, locked_until = ?1, claim_token = ?2"
                            + " WHERE e.id IN (SELECT id FROM core.webhook_events"
                            + "   WHERE (status IN ('pending', 'failed') AND next_attempt_at <= ?3)"
                            + "      OR (status = 'processing' AND locked_until < ?3)"
                            + "   ORDER BY next_attempt_at LIMIT ?4 FOR UPDATE SKIP LOCKED)"
                            + " RETURNING e.id, e.tenant_id, e.attempts,"
                            + " (SELECT t.slug FROM core.tenants t WHERE t.id = e.tenant_id),"
                            + " (SELECT t.vertical FROM core.tenants t WHERE t.id = e.tenant_id),"
                            + " (SELECT t.owner_email FROM core.tenants t WHERE t.id = e.tenant_id)")
                    .setParameter(1, until)
                    .setParameter(2, token)
                    .setParameter(3, Timestamp.from(now))
                    .setParameter(4, batch)
                    .getResultList());
    return rows.stream()
        .map(r -> (Object[]) r)
        .map(
            r ->
                new Claim(
                    uuid(r[0]),
                    uuid(r[1]),
                    (String) r[3],
                    (String) r[4],
                    (String) r[5],
                    ((Number) r[2]).intValue(),
                    token))
        .toList();
  }

  static UUID uuid(Object o) {
    return o instanceof UUID u ? u : UUID.fromString(o.toString());
  }
}
