package dev.plinth.core.notify;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The notifications outbox across all tenants, for platform admins, newest first: {@code GET
 * /api/admin/notifications?status=pending|sent&tenant=<slug>&limit=100}. Bodies are left out; they
 * may hold secrets.
 */
@Path("admin/notifications")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminNotificationsResource {

  static final Set<String> STATUSES = Set.of("pending", "sent");

  @Inject TenantAccess access;

  @Inject ScopedTransactions transactions;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @GET
  public JsonObject list(
      @QueryParam("status") String status,
      @QueryParam("tenant") String tenantSlug,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    access.requireAdmin();
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.invalid("status", "status must be one of " + STATUSES);
    }
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit must be between 1 and 500");
    }
    UUID tenantId = access.filterTenantId(tenantSlug);
    StringBuilder sql =
        new StringBuilder(
            "SELECT n.id, t.slug, n.kind, n.recipient, n.subject, n.status, n.attempts,"
                + " n.last_error, n.next_attempt_at, n.created_at, n.sent_at"
                + " FROM core.notifications n JOIN core.tenants t ON t.id = n.tenant_id"
                + " WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (status != null) {
      params.add(status);
      sql.append(" AND n.status = ?").append(params.size());
    }
    if (tenantId != null) {
      params.add(tenantId);
      sql.append(" AND n.tenant_id = ?").append(params.size());
    }
    params.add(limit);
    sql.append(" ORDER BY n.created_at DESC LIMIT ?").append(params.size());
    List<?> rows =
        transactions.inPlatform(
            () -> {
              Query q = em.createNativeQuery(sql.toString());
              for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
              }
              return q.getResultList();
            });
    JsonArrayBuilder items = Json.createArrayBuilder();
    rows.forEach(r -> items.add(json((Object[]) r)));
    return Json.createObjectBuilder().add("notifications", items).build();
  }

  private static JsonObjectBuilder json(Object[] r) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", r[0].toString())
            .add("tenant", (String) r[1])
            .add("kind", (String) r[2])
            .add("to", (String) r[3])
            .add("subject", (String) r[4])
            .add("status", (String) r[5])
            .add("attempts", ((Number) r[6]).intValue())
            .add("createdAt", SqlValues.instant(r[9]).toString());
    if (r[7] != null) {
      b.add("lastError", (String) r[7]);
    }
    if ("pending".equals(r[5])) {
      b.add("nextAttemptAt", SqlValues.instant(r[8]).toString());
    }
    if (r[10] != null) {
      b.add("sentAt", SqlValues.instant(r[10]).toString());
    }
    return b;
  }
}
