package dev.plinth.core.errorlog;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.api.ReferenceParam;
import dev.plinth.core.db.SqlValues;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Params;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and resolves error-log entries. Callers run these in the platform scope (admins) or in the
 * tenant's scope (a tenant's own slice), and row-level security holds them to it.
 */
@ApplicationScoped
public class ErrorLogQueries {

  static final Set<String> SEVERITIES = Set.of("info", "warning", "error", "high", "critical");

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  /**
   * Filters; each may be null but the window, which bounds and pages by the last time an entry was
   * seen.
   */
  public record Filter(
      String severity,
      Boolean resolved,
      UUID tenantId,
      int limit,
      Category category,
      ListWindow window,
      String reference) {

    public Filter(
        String severity,
        Boolean resolved,
        UUID tenantId,
        int limit,
        Category category,
        ListWindow window) {
      this(severity, resolved, tenantId, limit, category, window, null);
    }

    public Filter {
      reference = ReferenceParam.of(reference);
      if (severity != null) {
        severity = severity.toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
          throw ApiException.invalid("severity", "severity must be one of " + SEVERITIES);
        }
      }
      if (limit < 1 || limit > 500) {
        throw ApiException.invalid("limit", "limit must be between 1 and 500");
      }
    }

    /**
     * A filter from a list's query parameters: {@code category} null or one of {@link Category}'s
     * names, and the window's {@code from}, {@code to} and {@code before} (each may be null).
     */
    public static Filter of(
        String severity,
        Boolean resolved,
        UUID tenantId,
        int limit,
        String category,
        String from,
        String to,
        String before) {
      return new Filter(
          severity,
          resolved,
          tenantId,
          limit,
          Params.oneOf(Category.class, category, "category"),
          ListWindow.of(from, to, before));
    }

    /** This filter, keeping only the entries about {@code reference} (null: all). */
    public Filter about(String reference) {
      return new Filter(severity, resolved, tenantId, limit, category, window, reference);
    }
  }

  /** A page of entries, newest first (by last seen, then id). */
  @SuppressWarnings("unchecked")
  public List<ErrorLogEntry> list(Filter f) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT * FROM core.error_log WHERE 1 = 1");
    appendFilter(sql, params, f);
    ListWindow.appendOrder(sql, params, "last_seen", "id", f.limit());
    return (List<ErrorLogEntry>)
        bind(em.createNativeQuery(sql.toString(), ErrorLogEntry.class), params).getResultList();
  }

  /**
   * The entries grouped by fingerprint, the most recently seen group first: per group the
   * occurrences of its entries added up, how many entries and tenants it spans, when it was first
   * and last seen, and the severity, category and message of its latest entry.
   */
  public JsonArrayBuilder groups(Filter f) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT fingerprint, sum(occurrences), count(*), count(DISTINCT tenant_id),"
                + " min(first_seen), max(last_seen),"
                + " (array_agg(severity ORDER BY last_seen DESC, id DESC))[1],"
                + " (array_agg(category ORDER BY last_seen DESC, id DESC))[1],"
                + " (array_agg(message ORDER BY last_seen DESC, id DESC))[1],"
                + " count(*) FILTER (WHERE NOT resolved)"
                + " FROM core.error_log WHERE 1 = 1");
    appendFilter(sql, params, f);
    params.add(f.limit());
    sql.append(" GROUP BY fingerprint ORDER BY max(last_seen) DESC, fingerprint LIMIT ?")
        .append(params.size());
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (Object row : bind(em.createNativeQuery(sql.toString()), params).getResultList()) {
      Object[] r = (Object[]) row;
      out.add(
          Json.createObjectBuilder()
              .add("fingerprint", (String) r[0])
              .add("count", ((Number) r[1]).longValue())
              .add("entries", ((Number) r[2]).longValue())
              .add("tenants", ((Number) r[3]).longValue())
              .add("firstSeen", SqlValues.instant(r[4]).toString())
              .add("lastSeen", SqlValues.instant(r[5]).toString())
              .add("severity", (String) r[6])
              .add("category", (String) r[7])
              .add("sampleMessage", (String) r[8])
              .add("unresolved", ((Number) r[9]).longValue()));
    }
    return out;
  }

  /**
   * The entries recorded while processing a webhook event (by Plinth's id of it), newest first:
   * those of its tenant that name its Stripe event id. An entry that recurs names the latest event
   * it recurred for, so an earlier event loses it to the later one.
   */
  @SuppressWarnings("unchecked")
  public List<ErrorLogEntry> forWebhookEvent(UUID eventRef, int limit) {
    return em.createNativeQuery(
            "SELECT l.* FROM core.error_log l JOIN core.webhook_events e"
                + " ON e.tenant_id = l.tenant_id AND e.event_id = l.event_id"
                + " WHERE e.id = ?1 ORDER BY l.last_seen DESC, l.id DESC LIMIT ?2",
            ErrorLogEntry.class)
        .setParameter(1, eventRef)
        .setParameter(2, limit)
        .getResultList();
  }

  public ErrorLogEntry find(UUID id) {
    ErrorLogEntry e = em.find(ErrorLogEntry.class, id);
    if (e == null) {
      throw ApiException.notFound("no error-log entry " + id);
    }
    return e;
  }

  private static void appendFilter(StringBuilder sql, List<Object> params, Filter f) {
    if (f.severity() != null) {
      params.add(f.severity());
      sql.append(" AND severity = ?").append(params.size());
    }
    if (f.resolved() != null) {
      params.add(f.resolved());
      sql.append(" AND resolved = ?").append(params.size());
    }
    if (f.tenantId() != null) {
      params.add(f.tenantId());
      sql.append(" AND tenant_id = ?").append(params.size());
    }
    if (f.category() != null) {
      params.add(f.category().name());
      sql.append(" AND category = ?").append(params.size());
    }
    if (f.reference() != null) {
      // recorded about it, or while processing one of its webhook events (of the same tenant)
      params.add(f.reference());
      sql.append(" AND (reference = ?")
          .append(params.size())
          .append(" OR event_id IN (SELECT w.event_id FROM core.webhook_events w")
          .append(" WHERE w.tenant_id = core.error_log.tenant_id AND w.reference = ?")
          .append(params.size())
          .append("))");
    }
    f.window().appendConditions(sql, params, "last_seen", "id");
  }

  private static Query bind(Query q, List<Object> params) {
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    return q;
  }
}
