package dev.plinth.core.users;

import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Session tokens for a tenant's end users, asked for by the tenant's backend (the admin or the
 * tenant's API key; never a user's own token), and their revocation. See {@link UserSessions}.
 */
@Path("tenants/{slug}/user-sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserSessionsResource {

  @Inject TenantAccess access;

  @Inject UserSessions sessions;

  @Inject TenantService tenants;

  /** {@code {"userRef", "ttlSeconds"?}} → 201 {@code {"token", "userRef", "expiresAt"}}. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "201", description = "the session token")
  public Response issue(@PathParam("slug") String slug, String body) {
    Tenant tenant = access.requireOwnerOf(slug);
    UserSessions.Issued issued = sessions.issue(tenant, JsonBody.parse(body));
    return Response.status(Response.Status.CREATED)
        .header("Cache-Control", "no-store")
        .entity(
            Json.createObjectBuilder()
                .add("token", issued.token())
                .add("userRef", issued.userRef())
                .add("expiresAt", issued.expiresAt().toString())
                .build())
        .build();
  }

  /** Every session token of the tenant's users stops working at once; answers 204. */
  @POST
  @Path("revoke")
  @Consumes(MediaType.WILDCARD)
  @APIResponse(responseCode = "204", description = "every session token of the tenant is revoked")
  public Response revoke(@PathParam("slug") String slug) {
    tenants.revokeUserSessions(access.requireOwnerOf(slug));
    return Response.noContent().build();
  }
}
