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
import java.util.concurrent.atomic.AtomicInteger;
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

  /** One claimed event, with what processing it needs, read in the claim's round trip. */
  public record Claim(
      UUID id,
      UUID tenantId,
      String slug,
      String vertical,
      String ownerEmail,
      int attempt,
      UUID token,
      String eventId,
      String type,
      String objectId,
      String payload,
      String source) {}

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject EventProcessor processor;

  @Inject MigrationState migrations;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_WORKERS", defaultValue = "4")
  int maxWorkers;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_WORKERS_MIN", defaultValue = "1")
  int minWorkers;

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
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopping;

  /**
   * Starts the resident workers ({@code PLINTH_WEBHOOK_WORKERS_MIN}); called once at start-up. They
   * are threads of their own, created with the application's context and no request's, that sleep
   * until {@link #kick()} or the poll interval. While claims come back full (a backlog), a worker
   * starts another, up to {@code PLINTH_WEBHOOK_WORKERS}; those extra workers stop when the backlog
   * is gone.
   */
  public synchronized void start() {
    if (!started.isEmpty()) {
      return;
    }
    for (int i = 0; i < Math.max(1, Math.min(minWorkers, maxWorkers)); i++) {
      spawn(true);
    }
  }

  /** How many workers run now. */
  public int workers() {
    return running.get();
  }

  private synchronized void spawn(boolean resident) {
    if (stopping || running.get() >= maxWorkers) {
      return;
    }
    running.incrementAndGet();
    started.removeIf(t -> !t.isAlive());
    Thread t = threads.newThread(() -> loop(resident));
    t.setName("plinth-webhook-worker-" + (resident ? "" : "extra-") + started.size());
    t.setDaemon(true);
    started.add(t);
    t.start();
  }

  /** Wakes a worker; returns at once. */
  public void kick() {
    if (wake.availablePermits() < maxWorkers) {
      wake.release();
    }
  }

  @PreDestroy
  synchronized void stop() {
    stopping = true;
    started.forEach(Thread::interrupt);
  }

  private void loop(boolean resident) {
    try {
      do {
        try {
          if (resident) {
            wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
          }
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
      } while (resident && !stopping);
    } finally {
      running.decrementAndGet();
    }
  }

  private void drain() {
    List<Claim> claims;
    do {
      claims = claim();
      if (claims.size() == batch) {
        spawn(false); // a backlog: another pair of hands, within the bound
      }
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
                            + " (SELECT t.owner_email FROM core.tenants t WHERE t.id = e.tenant_id),"
                            + " e.event_id, e.event_type, e.object_id, e.payload, e.source")
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
                    token,
                    (String) r[6],
                    (String) r[7],
                    (String) r[8],
                    (String) r[9],
                    (String) r[10]))
        .toList();
  }
}
