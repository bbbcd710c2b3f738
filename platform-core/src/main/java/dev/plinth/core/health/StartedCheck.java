package dev.plinth.core.health;

import dev.plinth.core.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** Started once the application has initialised (secrets resolved, verticals indexed). */
@org.eclipse.microprofile.health.Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

  @Inject Startup startup;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("started").status(startup.isStarted()).build();
  }
}
