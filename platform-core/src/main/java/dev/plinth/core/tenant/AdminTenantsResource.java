package dev.plinth.core.tenant;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.billing.PaymentQueries;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.errorlog.ErrorLogQueries;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.webhook.WebhookQueries;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Cursor;
import dev.plinth.spi.web.Params;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The tenants, for the admin console: a search, one tenant with its latest deliveries, open errors
 * and payments, and suspending and resuming it. Under the admin API, so that the console's session
 * cookie counts here (on {@code /api/tenants} it does not).
 */
@Path("admin/tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminTenantsResource {

  /** How many deliveries, errors and payments a tenant's detail shows. */
  static final int LATEST = 10;

  /** The longest search text. */
  static final int MAX_QUERY = 200;

  @Inject TenantAccess access;

  @Inject TenantService tenants;

  @Inject ScopedTransactions transactions;

  @Inject WebhookQueries webhooks;

  @Inject ErrorLogQueries errors;

  @Inject PaymentQueries payments;

  @Inject PlinthConfig config;

  /**
   * {@code GET /api/admin/tenants?q=&status=&limit=&before=}: the tenants whose slug or name holds
   * {@code q} (in any case), newest first, paged back with {@code before} (see {@link ListWindow}).
   */
  @GET
  public JsonObject search(
      @QueryParam("q") String q,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("before") String before) {
    access.requireAdmin();
    String text = q == null || q.isBlank() ? null : q.strip();
    if (text != null && text.length() > MAX_QUERY) {
      throw ApiException.invalid("q", "q may be at most " + MAX_QUERY + " characters");
    }
    Tenant.Status wanted = Params.oneOf(Tenant.Status.class, status, "status");
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit must be between 1 and 500");
    }
    List<Tenant> page = tenants.search(text, wanted, limit, ListWindow.of(null, null, before));
    JsonArrayBuilder items = Json.createArrayBuilder();
    page.forEach(
        t ->
            items.add(
                Json.createObjectBuilder()
                    .add("id", t.id().toString())
                    .add("slug", t.slug())
                    .add("name", t.name())
                    .add("vertical", t.vertical())
                    .add("status", t.status().name())
                    .add("stripeMode", t.stripeMode().name())
                    .add("createdAt", t.createdAt().toString())));
    Tenant last = page.isEmpty() ? null : page.get(page.size() - 1);
    return ListWindow.page(
            "items",
            items,
            page.size(),
            limit,
            last == null ? null : new Cursor(last.createdAt(), last.id()))
        .build();
  }

  /**
   * One tenant as {@code GET /api/tenants/{slug}} shows it, how its webhooks are set up, and its
   * latest deliveries, unresolved errors and payments, each read in the tenant's own scope.
   */
  @GET
  @Path("{slug}")
  @APIResponse(responseCode = "200", description = "the tenant and its latest activity")
  @APIResponse(responseCode = "404", description = "no such tenant")
  public JsonObject detail(@PathParam("slug") String slug) {
    access.requireAdmin();
    Tenant t = access.requireOwnerOf(slug);
    return transactions.inTenant(
        t.id(),
        t.vertical(),
        () -> {
          JsonArray deliveries =
              webhooks
                  .list(new WebhookQueries.Filter(null, t.id(), null, LATEST, ListWindow.ALL))
                  .getJsonArray("events");
          JsonArrayBuilder open = Json.createArrayBuilder();
          errors
              .list(new ErrorLogQueries.Filter(null, false, t.id(), LATEST, null, ListWindow.ALL))
              .forEach(e -> open.add(e.toJson(t.slug(), true)));
          return Json.createObjectBuilder()
              .add("tenant", TenantResource.view(t, config.publicUrl()))
              .add("webhookSetup", webhookSetup(t, deliveries))
              .add("deliveries", deliveries)
              .add("errors", open)
              .add("payments", payments.latest(t, LATEST))
              .build();
        });
  }

  /**
   * Where Stripe sends the tenant's events and whether Plinth can verify them: {@code
   * endpointRegistered} is whether Plinth holds the secret to check their signatures (a direct
   * tenant's own, stored when its endpoint was registered or set by hand; for Connect, the
   * platform's Connect secret).
   */
  private JsonObjectBuilder webhookSetup(Tenant t, JsonArray deliveries) {
    boolean direct = t.stripeMode() == Tenant.StripeMode.direct;
    JsonObjectBuilder setup =
        Json.createObjectBuilder()
            .add("webhookUrl", TenantResource.webhookUrl(t, config.publicUrl()))
            .add("mode", t.stripeMode().name())
            .add(
                "endpointRegistered",
                direct
                    ? t.webhookSecretSealed() != null
                    : !config.stripeConnectWebhookSecrets().isEmpty());
    if (!direct) {
      setup.add("accountId", t.stripeAccountId());
    }
    if (t.webhookSecretRotatedAt() != null) {
      setup.add("secretRotatedAt", t.webhookSecretRotatedAt().toString());
    }
    if (!deliveries.isEmpty()) {
      setup.add("lastReceivedAt", deliveries.getJsonObject(0).getString("receivedAt"));
    }
    return setup;
  }

  @POST
  @Path("{slug}/suspend")
  @APIResponse(responseCode = "200", description = "the tenant, suspended")
  @APIResponse(responseCode = "404", description = "no such tenant")
  public JsonObject suspend(@PathParam("slug") String slug) {
    return changeStatus(slug, Tenant.Status.suspended);
  }

  @POST
  @Path("{slug}/resume")
  @APIResponse(responseCode = "200", description = "the tenant, active again")
  @APIResponse(responseCode = "404", description = "no such tenant")
  public JsonObject resume(@PathParam("slug") String slug) {
    return changeStatus(slug, Tenant.Status.active);
  }

  private JsonObject changeStatus(String slug, Tenant.Status status) {
    access.requireAdmin();
    Tenant t = access.requireOwnerOf(slug);
    return TenantResource.view(tenants.changeStatus(t, status), config.publicUrl());
  }
}
