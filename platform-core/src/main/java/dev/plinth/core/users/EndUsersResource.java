package dev.plinth.core.users;

import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A tenant's end users, for the admin or the tenant's API key: {@code PUT} creates (201) or
 * replaces (200) one, {@code GET} reads one, {@code DELETE} erases its personal data (204). See
 * {@link EndUsers}.
 */
@Path("tenants/{slug}/users/{userRef}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EndUsersResource {

  @Inject TenantAccess access;

  @Inject EndUsers users;

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "201", description = "the user, created")
  @APIResponse(responseCode = "200", description = "the user, updated")
  public Response put(
      @PathParam("slug") String slug, @PathParam("userRef") String userRef, String body) {
    Tenant tenant = access.requireOwnerOf(slug);
    EndUsers.Registered r = users.put(tenant, EndUsers.ref(userRef), JsonBody.parse(body));
    return Response.status(r.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(view(r))
        .build();
  }

  @GET
  public JsonObject get(@PathParam("slug") String slug, @PathParam("userRef") String userRef) {
    Tenant tenant = access.requireOwnerOf(slug);
    return view(users.get(tenant, EndUsers.ref(userRef)));
  }

  @DELETE
  @APIResponse(responseCode = "204", description = "the user's personal data is erased")
  public Response erase(@PathParam("slug") String slug, @PathParam("userRef") String userRef) {
    Tenant tenant = access.requireOwnerOf(slug);
    users.erase(tenant, EndUsers.ref(userRef));
    return Response.noContent().build();
  }

  private static JsonObject view(EndUsers.Registered r) {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("userRef", r.user().userRef())
            .add("email", r.user().email());
    if (r.user().name() == null) {
      json.addNull("name");
    } else {
      json.add("name", r.user().name());
    }
    return json.add("createdAt", r.createdAt().toString())
        .add("updatedAt", r.updatedAt().toString())
        .build();
  }
}
