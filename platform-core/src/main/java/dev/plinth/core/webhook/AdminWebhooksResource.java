package dev.plinth.core.webhook;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.errorlog.ErrorLogQueries;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The webhook log across all tenants, for platform admins: list, detail, stats and replay. The list
 * pages back with {@code before} and takes a time span ({@code from}, {@code to}): see {@link
 * ListWindow}.
 */
@Path("admin/webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminWebhooksResource {

  /** How many error-log entries an event's detail shows at most. */
  private static final int EVENT_ERRORS = 100;

  @Inject TenantAccess access;

  @Inject ScopedTransactions transactions;

  @Inject WebhookQueries queries;

  @Inject WebhookWorker worker;

  @Inject ErrorLogQueries errorLog;

  @Inject Clock clock;

  @GET
  public JsonObject list(
      @QueryParam("status") String status,
      @QueryParam("tenant") String tenantSlug,
      @QueryParam("type") String type,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") String before) {
    access.requireAdmin();
    UUID tenantId = access.filterTenantId(tenantSlug);
    ListWindow window = ListWindow.of(from, to, before);
    var filter = new WebhookQueries.Filter(status, tenantId, type, limit, window);
    return transactions.inPlatform(() -> queries.list(filter));
  }

  @GET
  @Path("stats")
  public JsonObject stats(@QueryParam("hours") @DefaultValue("24") int hours) {
    access.requireAdmin();
    return transactions.inPlatform(() -> queries.stats(null, hours, clock.instant()));
  }

  @GET
  @Path("unroutable")
  public JsonObject unroutable(@QueryParam("limit") @DefaultValue("100") int limit) {
    access.requireAdmin();
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit must be between 1 and 500");
    }
    return Json.createObjectBuilder()
        .add("events", transactions.inPlatform(() -> queries.unroutable(limit)))
        .build();
  }

  /**
   * One event with its payload, its attempts and the error-log entries recorded while processing it
   * (as {@code GET /api/admin/errors} shows them), newest first.
   */
  @GET
  @Path("{id}")
  public JsonObject get(@PathParam("id") String id) {
    access.requireAdmin();
    UUID uuid = Ids.parse(id, "webhook event");
    return transactions.inPlatform(
        () -> {
          JsonObject event = queries.detail(uuid);
          JsonArrayBuilder errors = Json.createArrayBuilder();
          errorLog
              .forWebhookEvent(uuid, EVENT_ERRORS)
              .forEach(e -> errors.add(e.toJson(event.getString("tenant"), true)));
          return Json.createObjectBuilder(event).add("errors", errors).build();
        });
  }

  @POST
  @Path("{id}/replay")
  public JsonObject replay(@PathParam("id") String id) {
    access.requireAdmin();
    UUID uuid = Ids.parse(id, "webhook event");
    boolean queued = transactions.inPlatform(() -> queries.replay(uuid, clock.instant()));
    if (!queued) {
      throw ApiException.notFound("no webhook event " + id + " that can be replayed now");
    }
    worker.kick();
    return Json.createObjectBuilder().add("replayed", 1).build();
  }

  /** {@code POST /api/admin/webhooks/replay?status=dead&since=<ISO>} */
  @POST
  @Path("replay")
  public JsonObject replayAll(
      @QueryParam("status") @DefaultValue("dead") String status,
      @QueryParam("since") String since) {
    access.requireAdmin();
    if (!WebhookQueries.STATUSES.contains(status)) {
      throw ApiException.invalid("status", "status must be one of " + WebhookQueries.STATUSES);
    }
    if (since == null) {
      throw ApiException.invalid("since", "since is required, as an ISO-8601 instant");
    }
    Instant from;
    try {
      from = Instant.parse(since);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("since", "since must be an ISO-8601 instant");
    }
    int n = transactions.inPlatform(() -> queries.replayAll(status, from, clock.instant()));
    worker.kick();
    return Json.createObjectBuilder().add("replayed", n).build();
  }
}
