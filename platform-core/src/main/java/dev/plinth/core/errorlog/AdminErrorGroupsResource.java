package dev.plinth.core.errorlog;

import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.TenantAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

/**
 * {@code POST /api/admin/errors/groups/{fingerprint}/resolve?tenant=}: resolves every unresolved
 * entry of one group (see {@code GET /api/admin/errors/groups}), or only one tenant's, as the admin
 * console's errors page does for a whole problem at once; answers how many entries it resolved. An
 * entry that recurs after this starts a new entry, as after resolving one entry.
 */
@Path("admin/errors/groups/{fingerprint}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminErrorGroupsResource {

  @Inject TenantAccess access;

  @Inject ScopedTransactions transactions;

  @Inject Clock clock;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @POST
  @Path("resolve")
  public JsonObject resolve(
      @PathParam("fingerprint") String fingerprint, @QueryParam("tenant") String tenantSlug) {
    access.requireAdmin();
    UUID tenantId = access.filterTenantId(tenantSlug);
    int resolved =
        transactions.inPlatform(
            () -> {
              Query q =
                  em.createNativeQuery(
                          "UPDATE core.error_log SET resolved = true, resolved_at = ?1,"
                              + " resolved_by = 'admin' WHERE fingerprint = ?2 AND NOT resolved"
                              + (tenantId == null ? "" : " AND tenant_id = ?3"))
                      .setParameter(1, Timestamp.from(clock.instant()))
                      .setParameter(2, fingerprint);
              if (tenantId != null) {
                q.setParameter(3, tenantId);
              }
              return q.executeUpdate();
            });
    return Json.createObjectBuilder()
        .add("fingerprint", fingerprint)
        .add("resolved", resolved)
        .build();
  }
}
