package dev.plinth.core.vertical;

import dev.plinth.spi.PlinthVertical;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/verticals}: what is installed. */
@Path("verticals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VerticalsResource {

  @Inject VerticalRegistry registry;

  @GET
  public JsonArray list() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (PlinthVertical v : registry.all()) {
      JsonArrayBuilder types = Json.createArrayBuilder();
      registry.eventTypes(v.id()).forEach(types::add);
      out.add(
          Json.createObjectBuilder()
              .add("id", v.id())
              .add("name", v.name())
              .add("eventTypes", types));
    }
    return out.build();
  }
}
