package dev.plinth.core.health;

import dev.plinth.core.db.DatabaseErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers a query within the configured timeout. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  @Inject ReadinessRound rounds;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("database");
    ReadinessRound.Round round = rounds.current(ReadinessRound.Part.DATABASE);
    Bounded.Outcome<Long> ping = round.await(round.ping());
    if (ping instanceof Bounded.Done<Long> done) {
      return r.up().withData("latencyMs", done.value()).build();
    }
    return r.down().withData("error", Bounded.error(ping, DatabaseErrors::describe)).build();
  }
}
