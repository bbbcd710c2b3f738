package dev.plinth.core.admin;

import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/audit?limit=100}: the newest admin actions, newest first. */
@Path("admin/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuditResource {

  @Inject TenantAccess access;

  @Inject AdminAudit audit;

  @GET
  public JsonObject list(@QueryParam("limit") @DefaultValue("100") int limit) {
    access.requireAdmin();
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit must be between 1 and 500");
    }
    return Json.createObjectBuilder().add("entries", audit.list(limit)).build();
  }
}
