package dev.plinth.core.errorlog;

import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
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

  /** Filters; each may be null. */
  public record Filter(String severity, Boolean resolved, UUID tenantId, int limit) {

    public Filter {
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
  }

  public List<ErrorLogEntry> list(Filter f) {
    StringBuilder jpql = new StringBuilder("SELECT e FROM ErrorLogEntry e WHERE 1 = 1");
    List<Object[]> params = new ArrayList<>();
    if (f.severity() != null) {
      jpql.append(" AND e.severity = :severity");
      params.add(new Object[] {"severity", f.severity()});
    }
    if (f.resolved() != null) {
      jpql.append(" AND e.resolved = :resolved");
      params.add(new Object[] {"resolved", f.resolved()});
    }
    if (f.tenantId() != null) {
      jpql.append(" AND e.tenantId = :tenantId");
      params.add(new Object[] {"tenantId", f.tenantId().toString()});
    }
    jpql.append(" ORDER BY e.lastSeen DESC");
    TypedQuery<ErrorLogEntry> q = em.createQuery(jpql.toString(), ErrorLogEntry.class);
    for (Object[] p : params) {
      q.setParameter((String) p[0], p[1]);
    }
    return q.setMaxResults(f.limit()).getResultList();
  }

  public ErrorLogEntry find(UUID id) {
    ErrorLogEntry e = em.find(ErrorLogEntry.class, id);
    if (e == null) {
      throw ApiException.notFound("no error-log entry " + id);
    }
    return e;
  }
}
