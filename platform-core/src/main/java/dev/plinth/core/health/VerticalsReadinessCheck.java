package dev.plinth.core.health;

import dev.plinth.spi.VerticalHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Each installed vertical's own health contribution. The verticals are asked at once, with the
 * other readiness checks' database work (see {@link ReadinessRound}); one that has not answered by
 * the round's deadline is DOWN, so a vertical whose check waits for an unreachable database cannot
 * hold /health/ready past what a load balancer waits.
 */
@Readiness
@ApplicationScoped
public class VerticalsReadinessCheck implements HealthCheck {

  @Inject ReadinessRound rounds;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("verticals");
    ReadinessRound.Round round = rounds.current(ReadinessRound.Part.VERTICALS);
    boolean up = true;
    for (var e : round.verticals().entrySet()) {
      VerticalHealth h =
          Bounded.orElse(
              round.await(e.getValue()),
              failed ->
                  VerticalHealth.down("health check failed: " + failed.getClass().getSimpleName()),
              () -> VerticalHealth.down(Bounded.late(round.limit())));
      up &= h.healthy();
      r.withData(e.getKey().id(), (h.healthy() ? "UP: " : "DOWN: ") + h.detail());
    }
    return r.status(up).build();
  }
}
