package dev.plinth.core.health;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.db.DatabaseErrors;
import dev.plinth.core.db.SqlValues;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The webhook pipeline's backlog, reported but never judged: the age of the oldest due event (lag)
 * and the number of dead events. Both are shared by every instance on the database (and dead events
 * may be one tenant's), so neither says anything about whether this instance can serve; taking it
 * out of a load balancer for them would take every instance out at once. The check is DOWN only
 * when this instance cannot read them: migrations not done, or the database unreachable.
 */
@Readiness
@ApplicationScoped
public class WebhookReadinessCheck implements HealthCheck {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject MigrationState migrations;

  @Inject Clock clock;

  @Inject PlinthConfig config;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("webhooks");
    if (!migrations.isComplete()) {
      return r.down().withData("error", "migrations are not complete").build();
    }
    Instant now = clock.instant();
    Duration limit = config.dbCheckTimeout();
    Bounded.Outcome<Object[]> read = Bounded.call(executor, limit, () -> backlog(now));
    if (read instanceof Bounded.Done<Object[]> done) {
      Object[] row = done.value();
      long lag =
          row[0] == null
              ? 0
              : Math.max(0, Duration.between(SqlValues.instant(row[0]), now).toSeconds());
      long dead = ((Number) row[1]).longValue();
      return r.up().withData("lagSeconds", lag).withData("deadEvents", dead).build();
    }
    String error =
        read instanceof Bounded.Failed<Object[]> failed
            ? DatabaseErrors.describe(failed.error())
            : "no answer within " + limit.toMillis() + " ms";
    return r.down().withData("error", error).build();
  }

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
