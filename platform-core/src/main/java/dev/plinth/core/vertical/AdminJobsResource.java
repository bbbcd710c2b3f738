package dev.plinth.core.vertical;

import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.TenantJob;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The verticals' scheduled jobs: {@code GET /api/admin/jobs} lists them with their intervals, and
 * {@code POST /api/admin/jobs/{vertical}/{name}} runs one at once for every tenant of its vertical.
 */
@Path("admin/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminJobsResource {

  @Inject TenantAccess access;

  @Inject VerticalRegistry verticals;

  @Inject VerticalJobs jobs;

  @GET
  public JsonObject list() {
    access.requireAdmin();
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (String id : verticals.ids()) {
      for (TenantJob j : verticals.find(id).orElseThrow().jobs()) {
        out.add(
            Json.createObjectBuilder()
                .add("vertical", id)
                .add("name", j.name())
                .add("everySeconds", j.every().toSeconds()));
      }
    }
    return Json.createObjectBuilder().add("jobs", out).build();
  }

  @POST
  @Path("{vertical}/{name}")
  public JsonObject run(@PathParam("vertical") String vertical, @PathParam("name") String name) {
    access.requireAdmin();
    TenantJob job =
        jobs.find(vertical, name)
            .orElseThrow(() -> ApiException.notFound("no job " + vertical + "/" + name));
    VerticalJobs.Run run = jobs.runAll(verticals.find(vertical).orElseThrow(), job);
    return Json.createObjectBuilder()
        .add("vertical", vertical)
        .add("name", name)
        .add("tenants", run.tenants())
        .add("failed", run.failed())
        .build();
  }
}
