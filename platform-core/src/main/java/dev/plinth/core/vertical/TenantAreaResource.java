package dev.plinth.core.vertical;

import dev.plinth.core.errorlog.ErrorLogEntry;
import dev.plinth.core.errorlog.ErrorLogQueries;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.webhook.WebhookQueries;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The tenant's slices of the core logs, under {@code /api/t/{slug}}. Each vertical's endpoints, at
 * {@code /api/t/{slug}/<vertical id>}, are its own resource's, opened by {@link TenantAreaFilter}.
 */
@Path("t/{slug}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantAreaResource {

  @Inject TenantAccess access;

  @Inject ScopedTransactions transactions;

  @Inject ErrorLogQueries errors;

  @Inject WebhookQueries webhooks;

  /** The tenant's own error-log entries, newest first. */
  @GET
  @Path("errors")
  public JsonObject errors(
      @PathParam("slug") String slug,
      @QueryParam("severity") String severity,
      @QueryParam("resolved") Boolean resolved,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    Tenant tenant = access.requireOwnerOf(slug);
    ErrorLogQueries.Filter filter =
        new ErrorLogQueries.Filter(severity, resolved, tenant.id(), limit);
    JsonArrayBuilder items = Json.createArrayBuilder();
    transactions
        .inTenant(tenant.id(), tenant.vertical(), () -> errors.list(filter))
        .forEach((ErrorLogEntry e) -> items.add(e.toJson(slug, false)));
    return Json.createObjectBuilder().add("errors", items).build();
  }

  /** The tenant's own webhook events, newest first. */
  @GET
  @Path("webhooks")
  public JsonObject webhooks(
      @PathParam("slug") String slug,
      @QueryParam("status") String status,
      @QueryParam("type") String type,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    Tenant tenant = access.requireOwnerOf(slug);
    var filter = new WebhookQueries.Filter(status, tenant.id(), type, limit);
    return Json.createObjectBuilder()
        .add(
            "events",
            transactions.inTenant(tenant.id(), tenant.vertical(), () -> webhooks.list(filter)))
        .build();
  }
}
