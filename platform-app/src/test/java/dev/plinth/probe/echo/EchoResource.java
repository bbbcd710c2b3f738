package dev.plinth.probe.echo;

import dev.plinth.spi.TenantContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The echo vertical's one endpoint. */
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {

  @Inject TenantContext tenant;

  @GET
  @Path("hello")
  public JsonObject hello() {
    return Json.createObjectBuilder().add("vertical", "echo").add("tenant", tenant.slug()).build();
  }

  /** Whether the {@code visit} job has run for this tenant. */
  @GET
  @Path("visited")
  public JsonObject visited() {
    return Json.createObjectBuilder()
        .add("visited", EchoVertical.VISITED.contains(tenant.slug()))
        .build();
  }
}
