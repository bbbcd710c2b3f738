package dev.plinth.core.admin;

import dev.plinth.core.metrics.BacklogGauges;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.webhook.WebhookQueries;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code GET /api/admin/overview?hours=6}: the admin console's front page in one answer. Readiness
 * (the checks of {@code /health/ready}, run here), the webhook backlog, open errors by severity,
 * the notifications outbox, and the webhook pipeline minute by minute over the last {@code hours}
 * by the platform clock.
 */
@Path("admin/overview")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminOverviewResource {

  static final int MAX_HOURS = 48;

  private static final List<String> SEVERITIES =
      List.of("info", "warning", "error", "high", "critical");

  @Inject TenantAccess access;

  @Inject @Readiness Instance<HealthCheck> readinessChecks;

  @Inject BacklogGauges backlog;

  @Inject WebhookQueries webhooks;

  @Inject ScopedTransactions transactions;

  @Inject Clock clock;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @GET
  public JsonObject overview(@QueryParam("hours") @DefaultValue("6") int hours) {
    access.requireAdmin();
    if (hours < 1 || hours > MAX_HOURS) {
      throw ApiException.invalid("hours", "hours must be between 1 and " + MAX_HOURS);
    }
    Instant now = clock.instant();
    int minutes = hours * 60;
    Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(minutes - 1, ChronoUnit.MINUTES);
    JsonObject readiness = readiness();
    BacklogGauges.Figures figures = backlog.count();
    return transactions.inPlatform(
        () -> {
          Object[] counts = counts();
          JsonObjectBuilder unresolved = Json.createObjectBuilder();
          for (int i = 0; i < SEVERITIES.size(); i++) {
            unresolved.add(SEVERITIES.get(i), ((Number) counts[2 + i]).longValue());
          }
          return Json.createObjectBuilder()
              .add("generatedAt", now.toString())
              .add("readiness", readiness)
              .add(
                  "webhooks",
                  Json.createObjectBuilder()
                      .add("queueDepth", figures.queueDepth())
                      .add("lagSeconds", figures.lagSeconds())
                      .add("dead", figures.deadEvents())
                      .add("unroutable", ((Number) counts[0]).longValue()))
              .add("errors", Json.createObjectBuilder().add("unresolved", unresolved))
              .add(
                  "notifications",
                  Json.createObjectBuilder()
                      .add("pending", figures.notificationsPending())
                      .add("failed", ((Number) counts[1]).longValue()))
              .add(
                  "series",
                  Json.createObjectBuilder()
                      .add("from", from.toString())
                      .add("stepSeconds", 60)
                      .add("received", series(WebhookQueries.Series.RECEIVED, from, minutes))
                      .add("processed", series(WebhookQueries.Series.PROCESSED, from, minutes))
                      .add("failed", series(WebhookQueries.Series.FAILED, from, minutes)))
              .build();
        });
  }

  /**
   * The unroutable events, the notifications still pending after a failed try, and the unresolved
   * error-log entries of each severity in {@link #SEVERITIES}' order.
   */
  private Object[] counts() {
    StringBuilder sql =
        new StringBuilder(
            "SELECT (SELECT count(*) FROM core.unroutable_events),"
                + " (SELECT count(*) FROM core.notifications"
                + "  WHERE status = 'pending' AND last_error IS NOT NULL)");
    for (String severity : SEVERITIES) {
      sql.append(", count(*) FILTER (WHERE severity = '").append(severity).append("')");
    }
    sql.append(" FROM core.error_log WHERE NOT resolved");
    return (Object[]) em.createNativeQuery(sql.toString()).getSingleResult();
  }

  private JsonArrayBuilder series(WebhookQueries.Series series, Instant from, int minutes) {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (long n : webhooks.perMinute(series, from, minutes)) {
      out.add(n);
    }
    return out;
  }

  /** Every readiness check, run here, by name: each one's status and data. */
  private JsonObject readiness() {
    List<HealthCheckResponse> responses = new ArrayList<>();
    for (HealthCheck check : readinessChecks) {
      responses.add(call(check));
    }
    responses.sort(Comparator.comparing(HealthCheckResponse::getName));
    boolean up = true;
    JsonArrayBuilder checks = Json.createArrayBuilder();
    for (HealthCheckResponse r : responses) {
      up &= r.getStatus() == HealthCheckResponse.Status.UP;
      JsonObjectBuilder data = Json.createObjectBuilder();
      r.getData().map(Map::entrySet).orElse(Set.of()).forEach(e -> add(data, e));
      checks.add(
          Json.createObjectBuilder()
              .add("name", r.getName())
              .add("status", r.getStatus().name())
              .add("data", data));
    }
    return Json.createObjectBuilder()
        .add("status", up ? "UP" : "DOWN")
        .add("checks", checks)
        .build();
  }

  private static HealthCheckResponse call(HealthCheck check) {
    try {
      return check.call();
    } catch (RuntimeException e) {
      String name = check.getClass().getSimpleName();
      return HealthCheckResponse.named(name.isEmpty() ? "check" : name)
          .down()
          .withData("error", e.getClass().getSimpleName())
          .build();
    }
  }

  private static void add(JsonObjectBuilder data, Map.Entry<String, Object> e) {
    if (e.getValue() instanceof Number n) {
      data.add(e.getKey(), n.longValue());
    } else if (e.getValue() instanceof Boolean b) {
      data.add(e.getKey(), b);
    } else {
      data.add(e.getKey(), String.valueOf(e.getValue()));
    }
  }
}
