package dev.plinth.core.retention;

import dev.plinth.core.tenant.TenantAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Retention for admins: {@code GET /api/admin/retention} shows the settings, and {@code POST
 * /api/admin/retention/run} runs it at once and answers what it removed.
 */
@Path("admin/retention")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminRetentionResource {

  @Inject TenantAccess access;

  @Inject RetentionJob job;

  @GET
  public JsonObject settings() {
    access.requireAdmin();
    RetentionSettings s = job.settings();
    return Json.createObjectBuilder()
        .add("days", s.age().toDays())
        .add("eventIdDays", s.eventIdAge().toDays())
        .add("batchSize", s.batchSize())
        .add("intervalMinutes", s.interval().toMinutes())
        .build();
  }

  @POST
  @Path("run")
  public JsonObject run() {
    access.requireAdmin();
    RetentionJob.Purged p = job.runOnce();
    return Json.createObjectBuilder()
        .add("webhookEvents", p.events())
        .add("webhookPayloads", p.payloads())
        .add("notifications", p.notifications())
        .add("errors", p.errors())
        .add("sessions", p.sessions())
        .add("unroutableEvents", p.unroutable())
        .add("before", p.cutoff().toString())
        .add("eventIdsBefore", p.idCutoff().toString())
        .build();
  }
}
