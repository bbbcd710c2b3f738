package dev.plinth.core.health;

import dev.plinth.core.db.DatabaseErrors;
import dev.plinth.core.db.SqlValues;
import dev.plinth.core.migration.MigrationState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
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

  @Inject ReadinessRound rounds;

  @Inject MigrationState migrations;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("webhooks");
    ReadinessRound.Round round = rounds.current(ReadinessRound.Part.WEBHOOKS);
    if (!migrations.isComplete() || round.backlog() == null) {
      return r.down().withData("error", "migrations are not complete").build();
    }
    Bounded.Outcome<Object[]> read = round.await(round.backlog());
    if (read instanceof Bounded.Done<Object[]> done) {
      Object[] row = done.value();
      long lag =
          row[0] == null
              ? 0
              : Math.max(0, Duration.between(SqlValues.instant(row[0]), round.at()).toSeconds());
      long dead = ((Number) row[1]).longValue();
      return r.up().withData("lagSeconds", lag).withData("deadEvents", dead).build();
    }
    return r.down().withData("error", Bounded.error(read, DatabaseErrors::describe)).build();
  }
}
