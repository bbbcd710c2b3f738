package dev.plinth.core.health;

import dev.plinth.core.migration.MigrationState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every module's migrations are current; otherwise says which module and why. */
@Readiness
@ApplicationScoped
public class MigrationReadinessCheck implements HealthCheck {

  @Inject MigrationState state;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("migrations");
    if (state.isComplete()) {
      r.up();
      state.modules().forEach(m -> r.withData(m.module(), m.version()));
      return r.build();
    }
    r.down().withData("error", state.problem());
    if (state.failedModule() != null) {
      r.withData("module", state.failedModule()).withData("version", state.failedVersion());
    }
    return r.build();
  }
}
