package dev.plinth.core.billing;

import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * An admin binds an account connected to a tenant's own Stripe account, proven through Stripe (see
 * {@link ConnectedAccounts#bindByAdmin}), lists the tenant's accounts and unbinds one.
 */
@Path("admin/tenants/{slug}/connected-accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminConnectedAccountsResource {

  @Inject TenantAccess access;

  @Inject ConnectedAccounts accounts;

  @GET
  public JsonObject list(@PathParam("slug") String slug) {
    access.requireAdmin();
    return ConnectedAccountsResource.list(accounts.list(access.requireOwnerOf(slug)));
  }

  /** {@code {"accountId"}}: binds the account if Stripe shows it connected to the tenant. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "201", description = "the bound account")
  public Response bind(@PathParam("slug") String slug, String body) {
    access.requireAdmin();
    Tenant t = access.requireOwnerOf(slug);
    String accountId = JsonBody.parse(body).allowOnly(Set.of("accountId")).string("accountId");
    accounts.bindByAdmin(t, accountId);
    ConnectedAccounts.Row row = accounts.find(t.id(), t.vertical(), accountId).orElseThrow();
    return Response.status(Response.Status.CREATED)
        .entity(ConnectedAccountsResource.view(row))
        .build();
  }

  @DELETE
  @Path("{accountId}")
  @APIResponse(responseCode = "204", description = "unbound")
  public Response unbind(@PathParam("slug") String slug, @PathParam("accountId") String accountId) {
    access.requireAdmin();
    accounts.unbind(access.requireOwnerOf(slug), accountId);
    return Response.noContent().build();
  }
}
