package dev.plinth.core.billing;

import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/admin/tenants/{slug}/reconcile?days=3}: reconciliation on demand. */
@Path("admin/tenants/{slug}/reconcile")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminReconcileResource {

  @Inject TenantAccess access;

  @Inject StripeSetupService setup;

  @POST
  public JsonObject reconcile(
      @PathParam("slug") String slug, @QueryParam("days") @DefaultValue("3") int days) {
    access.requireAdmin();
    Tenant tenant = access.requireOwnerOf(slug);
    StripeSetupService.Reconciled r = setup.reconcile(tenant, days);
    return Json.createObjectBuilder()
        .add("tenant", slug)
        .add("days", days)
        .add("checked", r.checked())
        .add("enqueued", r.enqueued())
        .build();
  }
}
