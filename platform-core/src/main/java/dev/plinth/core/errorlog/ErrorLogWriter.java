package dev.plinth.core.errorlog;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes error-log entries in a transaction of their own, so that an entry survives the rollback of
 * the work that failed. A repeat of an open entry (same tenant and fingerprint) counts up.
 */
@ApplicationScoped
class ErrorLogWriter {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  UUID write(
      UUID id,
      String severity,
      Category category,
      String message,
      String exceptionClass,
      String stackTrace,
      ErrorContext ctx,
      String fingerprint,
      Instant now) {
    return transactions.inPlatform(
        () -> {
          Object result =
              em.createNativeQuery(
                      "INSERT INTO core.error_log (id, severity, category, message, exception_class,"
                          + " stack_trace, tenant_id, request_method, request_path, event_id,"
                          + " user_id, fingerprint, occurrences, first_seen, last_seen, reference)"
                          + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS uuid), ?8, ?9, ?10, ?11,"
                          + " ?12, 1, ?13, ?13, ?14)"
                          + " ON CONFLICT ((coalesce(tenant_id,"
                          + " '00000000-0000-0000-0000-000000000000'::uuid)), fingerprint)"
                          + " WHERE NOT resolved DO UPDATE SET occurrences ="
                          + " core.error_log.occurrences + 1, last_seen = EXCLUDED.last_seen,"
                          + " message = EXCLUDED.message, stack_trace = EXCLUDED.stack_trace,"
                          + " request_method = EXCLUDED.request_method, request_path ="
                          + " EXCLUDED.request_path, event_id = EXCLUDED.event_id, user_id ="
                          + " EXCLUDED.user_id, severity = EXCLUDED.severity,"
                          + " reference = EXCLUDED.reference"
                          + " RETURNING id")
                  .setParameter(1, id)
                  .setParameter(2, severity)
                  .setParameter(3, category.name())
                  .setParameter(4, message)
                  .setParameter(5, exceptionClass)
                  .setParameter(6, stackTrace)
                  .setParameter(7, ctx.tenantId() == null ? null : ctx.tenantId().toString())
                  .setParameter(8, ctx.method())
                  .setParameter(9, ctx.path())
                  .setParameter(10, ctx.eventId())
                  .setParameter(11, ctx.userId())
                  .setParameter(12, fingerprint)
                  .setParameter(13, Timestamp.from(now))
                  .setParameter(14, ctx.reference())
                  .getSingleResult();
          return SqlValues.uuid(result);
        });
  }
}
