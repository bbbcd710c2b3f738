package dev.plinth.core.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the JVM answers and its heap is not exhausted. Independent of the database. */
@Liveness
@ApplicationScoped
public class JvmLivenessCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    double used = (double) heap.getUsed() / max;
    return HealthCheckResponse.named("jvm")
        .status(used < 0.98)
        .withData("heapUsedMb", heap.getUsed() / (1024 * 1024))
        .withData("heapMaxMb", max / (1024 * 1024))
        .build();
  }
}
