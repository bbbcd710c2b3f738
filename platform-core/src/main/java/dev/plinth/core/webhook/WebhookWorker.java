package dev.plinth.core.webhook;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claims due events over all tenants and hands them to the {@link EventProcessor}. A claim is a
 * lease: {@code FOR UPDATE SKIP LOCKED} keeps concurrent workers (in this instance or another) off
 * each other's rows, and an event whose lease ran out (a worker died) is claimable again. A worker
 * wakes at once when an event is recorded, and every poll interval for retries and leftovers.
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

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threads;

  private final Semaphore wake = new Semaphore(0);
  private final List<Thread> started = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * Starts the workers; called once at start-up. They are threads of their own, created with the
   * application's context and no request's, that sleep until {@link #kick()} or the poll interval.
   */
  public synchronized void start() {
    if (!started.isEmpty()) {
      return;
    }
    for (int i = 0; i < maxWorkers; i++) {
      Thread t = threads.newThread(this::loop);
      t.setName("plinth-webhook-worker-" + i);
      t.setDaemon(true);
      started.add(t);
      t.start();
    }
  }

  /** Wakes a worker; returns at once. */
  public void kick() {
    if (wake.availablePermits() < maxWorkers) {
      wake.release();
    }
  }

  @PreDestroy
  void stop() {
    stopping = true;
    started.forEach(Thread::interrupt);
  }

  private void loop() {
    while (!stopping) {
      try {
        wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
        if (!stopping && migrations.isComplete()) {
          drain();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!stopping) {
          LOG.log(Level.WARNING, "webhook worker: " + e.getMessage(), e);
        }
      }
    }
  }

  private void drain() {
    List<Claim> claims;
    do {
      claims = claim();
      claims.forEach(processor::process);
    } while (!claims.isEmpty() && !stopping);
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
                    SqlValues.uuid(r[0]),
                    SqlValues.uuid(r[1]),
                    (String) r[3],
                    (String) r[4],
                    (String) r[5],
                    ((Number) r[2]).intValue(),
                    token))
        .toList();
  }
}
