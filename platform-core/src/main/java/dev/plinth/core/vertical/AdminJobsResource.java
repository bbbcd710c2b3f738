package dev.plinth.core.vertical;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.jobs.JobRuns;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.TenantJob;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
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

/**
 * The scheduled jobs: {@code GET /api/admin/jobs} lists the verticals' jobs with their intervals,
 * and the host's own ({@code platformJobs}), each with its last run; {@code GET
 * /api/admin/jobs/runs} is the history of runs ({@link JobRuns}); and {@code POST
 * /api/admin/jobs/{vertical}/{name}} runs a vertical's job at once for every tenant of its
 * vertical.
 */
@Path("admin/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminJobsResource {

  @Inject TenantAccess access;

  @Inject VerticalRegistry verticals;

  @Inject VerticalJobs jobs;

  @Inject JobRuns runs;

  @GET
  public JsonObject list() {
    access.requireAdmin();
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (String id : verticals.ids()) {
      for (TenantJob j : verticals.find(id).orElseThrow().jobs()) {
        JsonObjectBuilder job =
            Json.createObjectBuilder()
                .add("vertical", id)
                .add("name", j.name())
                .add("everySeconds", j.every().toSeconds());
        runs.lastRun(JobRuns.jobName(id, j.name())).ifPresent(r -> job.add("lastRun", r));
        out.add(job);
      }
    }
    JsonArrayBuilder platform = Json.createArrayBuilder();
    for (String name : JobRuns.PLATFORM_JOBS) {
      JsonObjectBuilder job = Json.createObjectBuilder().add("name", name);
      runs.lastRun(name).ifPresent(r -> job.add("lastRun", r));
      platform.add(job);
    }
    return Json.createObjectBuilder().add("jobs", out).add("platformJobs", platform).build();
  }

  /**
   * {@code GET /api/admin/jobs/runs?job=&limit=&before=&from=&to=}: the history, newest first; a
   * vertical's job is named {@code <vertical>/<name>}.
   */
  @GET
  @Path("runs")
  public JsonObject runs(
      @QueryParam("job") String job,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") String before) {
    access.requireAdmin();
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit must be between 1 and 500");
    }
    return runs.list(job, limit, ListWindow.of(from, to, before));
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
