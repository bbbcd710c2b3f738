package dev.plinth.core.health;

import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.VerticalHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Each installed vertical's own health contribution. */
@Readiness
@ApplicationScoped
public class VerticalsReadinessCheck implements HealthCheck {

  @Inject VerticalRegistry verticals;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("verticals");
    boolean up = true;
    for (PlinthVertical v : verticals.all()) {
      VerticalHealth h;
      try {
        h = v.health();
      } catch (RuntimeException e) {
        h = VerticalHealth.down("health check failed: " + e.getClass().getSimpleName());
      }
      up &= h.healthy();
      r.withData(v.id(), (h.healthy() ? "UP: " : "DOWN: ") + h.detail());
    }
    return r.status(up).build();
  }
}
