package dev.plinth.core.vertical;

import dev.plinth.core.errorlog.ErrorLogEntry;
import dev.plinth.core.errorlog.ErrorLogQueries;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.webhook.WebhookQueries;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.CDI;
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
 * Everything under {@code /api/t/{slug}}: the tenant's slices of the core logs, and each vertical's
 * endpoints under {@code /api/t/{slug}/<vertical id>}. The tenant is resolved here, once, for all
 * of them.
 */
@Path("t/{slug}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantAreaResource {

  @Inject TenantAccess access;

  @Inject VerticalRegistry verticals;

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

  /**
   * Hands the request to the tenant's vertical, after checking that the tenant is onboarded onto
   * it, and binds the tenant with the caller's actor (see {@link TenantAccess#bindCaller}).
   */
  @Path("{vertical}")
  public Object vertical(@PathParam("slug") String slug, @PathParam("vertical") String verticalId) {
    Tenant tenant = access.visible(slug);
    PlinthVertical vertical =
        verticals
            .find(verticalId)
            .filter(v -> v.id().equals(tenant.vertical()))
            .orElseThrow(() -> ApiException.notFound("no such endpoint for tenant '" + slug + "'"));
    access.bindCaller(tenant);
    return CDI.current().select(vertical.rootResource()).get();
  }
}
