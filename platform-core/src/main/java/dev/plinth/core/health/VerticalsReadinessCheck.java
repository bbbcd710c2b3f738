package dev.plinth.core.health;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.VerticalHealth;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Each installed vertical's own health contribution. The verticals are asked at once, on the
 * application's executor, and given {@code PLINTH_DB_CHECK_TIMEOUT_MS} in all: one that has not
 * answered by then is DOWN, so a vertical whose check waits for an unreachable database cannot hold
 * /health/ready past what a load balancer waits.
 */
@Readiness
@ApplicationScoped
public class VerticalsReadinessCheck implements HealthCheck {

  @Inject VerticalRegistry verticals;

  @Inject PlinthConfig config;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("verticals");
    Duration limit = config.dbCheckTimeout();
    long deadline = System.nanoTime() + limit.toNanos();
    Map<PlinthVertical, Future<VerticalHealth>> asked = new LinkedHashMap<>();
    for (PlinthVertical v : verticals.all()) {
      asked.put(v, executor.submit(v::health));
    }
    boolean up = true;
    for (var e : asked.entrySet()) {
      VerticalHealth h =
          Bounded.orElse(
              Bounded.await(e.getValue(), deadline, limit),
              failed ->
                  VerticalHealth.down("health check failed: " + failed.getClass().getSimpleName()),
              () -> VerticalHealth.down("no answer within " + limit.toMillis() + " ms"));
      up &= h.healthy();
      r.withData(e.getKey().id(), (h.healthy() ? "UP: " : "DOWN: ") + h.detail());
    }
    return r.status(up).build();
  }
}
