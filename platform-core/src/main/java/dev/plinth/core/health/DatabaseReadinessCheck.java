package dev.plinth.core.health;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.db.DatabaseErrors;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers a query within the configured timeout. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  @Resource(lookup = "jdbc/plinth")
  DataSource dataSource;

  @Inject PlinthConfig config;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("database");
    long timeout = config.dbCheckTimeout().toMillis();
    long start = System.nanoTime();
    try {
      CompletableFuture.supplyAsync(this::ping).get(timeout, TimeUnit.MILLISECONDS);
      return r.up()
          .withData("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .build();
    } catch (TimeoutException e) {
      return r.down().withData("error", "no answer within " + timeout + " ms").build();
    } catch (Exception e) {
      return r.down().withData("error", DatabaseErrors.describe(e)).build();
    }
  }

  private Boolean ping() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(Math.max(1, (int) config.dbCheckTimeout().toSeconds()));
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        return rs.next();
      }
    } catch (Exception e) {
      throw new IllegalStateException(DatabaseErrors.describe(e), e);
    }
  }
}
