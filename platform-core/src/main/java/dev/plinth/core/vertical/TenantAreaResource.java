package dev.plinth.core.vertical;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.errorlog.AdminErrorsResource;
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
import java.time.Clock;
import java.util.List;

/**
 * The tenant's slices of the core logs, under {@code /api/t/{slug}}, with the admins' filters and
 * paging (see {@link ListWindow}), and one filter of their own: {@code reference}, a reference of
 * the tenant's vertical (the {@code reference} of its checkouts: for the events vertical, an
 * event's id), which keeps the webhook events whose Stripe object belongs to that checkout and the
 * errors recorded about it or while processing those events. Each vertical's endpoints, at {@code
 * /api/t/{slug}/<vertical id>}, are its own resource's, opened by {@link TenantAreaFilter}.
 */
@Path("t/{slug}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantAreaResource {

  @Inject TenantAccess access;

  @Inject ScopedTransactions transactions;

  @Inject ErrorLogQueries errors;

  @Inject WebhookQueries webhooks;

  @Inject Clock clock;

  /** The tenant's own error-log entries, newest first; of one reference if given. */
  @GET
  @Path("errors")
  public JsonObject errors(
      @PathParam("slug") String slug,
      @QueryParam("reference") String reference,
      @QueryParam("severity") String severity,
      @QueryParam("resolved") Boolean resolved,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("category") String category,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") String before) {
    Tenant tenant = access.requireOwnerOf(slug);
    ErrorLogQueries.Filter filter =
        ErrorLogQueries.Filter.of(
                severity, resolved, tenant.id(), limit, category, from, to, before)
            .about(reference);
    List<ErrorLogEntry> entries =
        transactions.inTenant(tenant.id(), tenant.vertical(), () -> errors.list(filter));
    JsonArrayBuilder items = Json.createArrayBuilder();
    entries.forEach(e -> items.add(e.toJson(slug, false)));
    return AdminErrorsResource.page(items, entries, limit).build();
  }

  /** The tenant's own error-log entries grouped by fingerprint (see the admins' groups). */
  @GET
  @Path("errors/groups")
  public JsonObject errorGroups(
      @PathParam("slug") String slug,
      @QueryParam("reference") String reference,
      @QueryParam("severity") String severity,
      @QueryParam("category") String category,
      @QueryParam("resolved") Boolean resolved,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    Tenant tenant = access.requireOwnerOf(slug);
    ErrorLogQueries.Filter filter =
        ErrorLogQueries.Filter.of(severity, resolved, tenant.id(), limit, category, from, to, null)
            .about(reference);
    return Json.createObjectBuilder()
        .add(
            "groups",
            transactions.inTenant(tenant.id(), tenant.vertical(), () -> errors.groups(filter)))
        .build();
  }

  /** The tenant's own webhook events, newest first; of one reference if given. */
  @GET
  @Path("webhooks")
  public JsonObject webhooks(
      @PathParam("slug") String slug,
      @QueryParam("reference") String reference,
      @QueryParam("status") String status,
      @QueryParam("type") String type,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") String before) {
    Tenant tenant = access.requireOwnerOf(slug);
    ListWindow window = ListWindow.of(from, to, before);
    var filter = new WebhookQueries.Filter(status, tenant.id(), type, limit, window, reference);
    return transactions.inTenant(tenant.id(), tenant.vertical(), () -> webhooks.list(filter));
  }

  /**
   * The tenant's webhook events per type over the last {@code hours}, as the admins' stats count
   * them: how its vertical's deliveries fare.
   */
  @GET
  @Path("webhooks/stats")
  public JsonObject webhookStats(
      @PathParam("slug") String slug, @QueryParam("hours") @DefaultValue("24") int hours) {
    Tenant tenant = access.requireOwnerOf(slug);
    return transactions.inTenant(
        tenant.id(), tenant.vertical(), () -> webhooks.stats(tenant.id(), hours, clock.instant()));
  }
}
