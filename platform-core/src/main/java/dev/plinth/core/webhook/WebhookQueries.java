package dev.plinth.core.webhook;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.api.ReferenceParam;
import dev.plinth.core.db.SqlValues;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Cursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the webhook log and queues replays. Callers run these in the platform scope (admins) or in
 * a tenant's scope (its own slice); row-level security holds them to it.
 */
@ApplicationScoped
public class WebhookQueries {

  static final Set<String> STATUSES =
      Set.of("pending", "processing", "completed", "skipped", "failed", "dead");

  private static final String COLUMNS =
      "e.id, t.slug, e.event_id, e.event_type, e.status, e.attempts, e.received_at,"
          + " e.processed_at, e.processing_ms, e.last_error, e.next_attempt_at, e.source,"
          + " e.stripe_created, e.object_id, e.reference";

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  /**
   * Filters; each may be null but the window. {@code reference} keeps the events whose Stripe
   * object belongs to that reference of the tenant's vertical (see {@code EventProcessor}).
   */
  public record Filter(
      String status, UUID tenantId, String type, int limit, ListWindow window, String reference) {

    public Filter(String status, UUID tenantId, String type, int limit, ListWindow window) {
      this(status, tenantId, type, limit, window, null);
    }

    public Filter {
      reference = ReferenceParam.of(reference);
      if (status != null && !STATUSES.contains(status)) {
        throw ApiException.invalid("status", "status must be one of " + STATUSES);
      }
      if (limit < 1 || limit > 500) {
        throw ApiException.invalid("limit", "limit must be between 1 and 500");
      }
    }
  }

  /**
   * A page of the log, newest first (by received time, then id): {@code {"events": [...]}}, with
   * {@code "nextBefore"} when the page is full (see {@link ListWindow}).
   */
  public JsonObject list(Filter f) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM core.webhook_events e JOIN core.tenants t ON t.id = e.tenant_id")
            .append(" WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (f.status() != null) {
      params.add(f.status());
      sql.append(" AND e.status = ?").append(params.size());
    }
    if (f.tenantId() != null) {
      params.add(f.tenantId());
      sql.append(" AND e.tenant_id = ?").append(params.size());
    }
    if (f.type() != null) {
      params.add(f.type());
      sql.append(" AND e.event_type = ?").append(params.size());
    }
    if (f.reference() != null) {
      params.add(f.reference());
      sql.append(" AND e.reference = ?").append(params.size());
    }
    f.window().appendConditions(sql, params, "e.received_at", "e.id");
    ListWindow.appendOrder(sql, params, "e.received_at", "e.id", f.limit());
    Query q = em.createNativeQuery(sql.toString());
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    List<?> rows = q.getResultList();
    JsonArrayBuilder out = Json.createArrayBuilder();
    Cursor last = null;
    for (Object r : rows) {
      Object[] row = (Object[]) r;
      out.add(summary(row));
      last = new Cursor(SqlValues.instant(row[6]), SqlValues.uuid(row[0]));
    }
    return ListWindow.page("events", out, rows.size(), f.limit(), last).build();
  }

  /** One event with its payload and every attempt. */
  public JsonObject detail(UUID id) {
    List<?> rows =
        em.createNativeQuery(
                "SELECT "
                    + COLUMNS
                    + ", e.payload FROM core.webhook_events e"
                    + " JOIN core.tenants t ON t.id = e.tenant_id WHERE e.id = ?1")
            .setParameter(1, id)
            .getResultList();
    if (rows.isEmpty()) {
      throw ApiException.notFound("no webhook event " + id);
    }
    Object[] r = (Object[]) rows.get(0);
    JsonObjectBuilder b = Json.createObjectBuilder(summary(r).build());
    if (r[15] == null) {
      // retention removed it (and the attempts): the row stays to catch duplicates
      b.addNull("payload").add("payloadPurged", true);
    } else {
      b.add("payload", Json.createReader(new StringReader((String) r[15])).readValue());
    }
    JsonArrayBuilder attempts = Json.createArrayBuilder();
    for (Object a :
        em.createNativeQuery(
                "SELECT attempt, outcome, error, started_at, duration_ms FROM core.webhook_attempts"
                    + " WHERE event_ref = ?1 ORDER BY started_at")
            .setParameter(1, id)
            .getResultList()) {
      Object[] x = (Object[]) a;
      JsonObjectBuilder ab =
          Json.createObjectBuilder()
              .add("attempt", ((Number) x[0]).intValue())
              .add("outcome", (String) x[1])
              .add("startedAt", SqlValues.instant(x[3]).toString())
              .add("durationMs", ((Number) x[4]).intValue());
      if (x[2] != null) {
        ab.add("error", (String) x[2]);
      }
      attempts.add(ab);
    }
    return b.add("attempts", attempts).build();
  }

  /**
   * Per event type over the last {@code hours} (1 to 2160): {@code {"hours", "types": [...]}}, of
   * one tenant's events, or of all when {@code tenantId} is null.
   */
  public JsonObject stats(UUID tenantId, int hours, Instant now) {
    if (hours < 1 || hours > 24 * 90) {
      throw ApiException.invalid("hours", "hours must be between 1 and 2160");
    }
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (Object row :
        em.createNativeQuery(
                "SELECT event_type, count(*),"
                    + " count(*) FILTER (WHERE status = 'completed'),"
                    + " count(*) FILTER (WHERE status = 'skipped'),"
                    + " count(*) FILTER (WHERE status = 'failed'),"
                    + " count(*) FILTER (WHERE status = 'dead'),"
                    + " count(*) FILTER (WHERE status IN ('pending', 'processing')),"
                    + " avg(processing_ms) FILTER (WHERE status IN ('completed', 'skipped')),"
                    + " percentile_cont(0.95) WITHIN GROUP (ORDER BY processing_ms)"
                    + "   FILTER (WHERE status IN ('completed', 'skipped'))"
                    + " FROM core.webhook_events WHERE received_at >= ?1"
                    + " AND (CAST(?2 AS uuid) IS NULL OR tenant_id = CAST(?2 AS uuid))"
                    + " GROUP BY event_type ORDER BY event_type")
            .setParameter(1, Timestamp.from(now.minusSeconds(hours * 3600L)))
            .setParameter(2, tenantId == null ? null : tenantId.toString())
            .getResultList()) {
      Object[] r = (Object[]) row;
      long total = ((Number) r[1]).longValue();
      long completed = ((Number) r[2]).longValue();
      long skipped = ((Number) r[3]).longValue();
      out.add(
          Json.createObjectBuilder()
              .add("eventType", (String) r[0])
              .add("total", total)
              .add("completed", completed)
              .add("skipped", skipped)
              .add("failed", ((Number) r[4]).longValue())
              .add("dead", ((Number) r[5]).longValue())
              .add("pending", ((Number) r[6]).longValue())
              .add("successRate", total == 0 ? 0 : round((completed + skipped) / (double) total))
              .add("avgProcessingMs", r[7] == null ? 0 : round(((Number) r[7]).doubleValue()))
              .add("p95ProcessingMs", r[8] == null ? 0 : round(((Number) r[8]).doubleValue())));
    }
    return Json.createObjectBuilder().add("hours", hours).add("types", out).build();
  }

  /** What a per-minute series counts: rows of a table, by a time column, that match a condition. */
  public enum Series {
    /**
     * Events stored (deliveries, and events reconciliation enqueued), by when they were received.
     */
    RECEIVED("core.webhook_events", "received_at", "true"),
    /** Events that reached completed or skipped, by when they last did. */
    PROCESSED("core.webhook_events", "processed_at", "status IN ('completed', 'skipped')"),
    /** Processing attempts that failed (the last one as dead), by when they started. */
    FAILED("core.webhook_attempts", "started_at", "outcome IN ('failed', 'dead')");

    private final String table;
    private final String column;
    private final String condition;

    Series(String table, String column, String condition) {
      this.table = table;
      this.column = column;
      this.condition = condition;
    }
  }

  /**
   * Counts per minute: element {@code i} counts the rows of {@code series} whose time is in the
   * minute that starts {@code i} minutes after {@code from}, for {@code minutes} minutes. One
   * query, which reads only that span through an index on the time column.
   */
  public long[] perMinute(Series series, Instant from, int minutes) {
    long[] counts = new long[minutes];
    for (Object row :
        em.createNativeQuery(
                "SELECT CAST(floor(extract(epoch FROM "
                    + series.column
                    + " - CAST(?1 AS timestamptz)) / 60) AS integer), count(*) FROM "
                    + series.table
                    + " WHERE "
                    + series.column
                    + " >= ?1 AND "
                    + series.column
                    + " < ?2 AND "
                    + series.condition
                    + " GROUP BY 1")
            .setParameter(1, Timestamp.from(from))
            .setParameter(2, Timestamp.from(from.plusSeconds(60L * minutes)))
            .getResultList()) {
      Object[] r = (Object[]) row;
      counts[((Number) r[0]).intValue()] = ((Number) r[1]).longValue();
    }
    return counts;
  }

  /**
   * Queues one event to be processed again, whatever its status; returns false if unknown or being
   * processed. An event whose payload retention has removed cannot be replayed: 409 {@code
   * payload_purged}.
   */
  public boolean replay(UUID id, Instant now) {
    boolean queued =
        em.createNativeQuery(
                    "UPDATE core.webhook_events SET status = 'pending', attempts = 0,"
                        + " next_attempt_at = ?2, locked_until = NULL, claim_token = NULL"
                        + " WHERE id = ?1 AND status <> 'processing' AND payload IS NOT NULL")
                .setParameter(1, id)
                .setParameter(2, Timestamp.from(now))
                .executeUpdate()
            == 1;
    if (!queued
        && !em.createNativeQuery(
                "SELECT 1 FROM core.webhook_events WHERE id = ?1 AND payload IS NULL")
            .setParameter(1, id)
            .getResultList()
            .isEmpty()) {
      throw ApiException.conflict(
          "payload_purged", "retention has removed this event's payload; it cannot be replayed");
    }
    return queued;
  }

  /**
   * Queues every event of a status received since a time; returns how many. Events whose payload
   * retention has removed are left as they are.
   */
  public int replayAll(String status, Instant since, Instant now) {
    if (status.equals("processing") || status.equals("pending")) {
      throw ApiException.invalid(
          "status", "replay takes dead, failed, completed or skipped events");
    }
    return em.createNativeQuery(
            "UPDATE core.webhook_events SET status = 'pending', attempts = 0,"
                + " next_attempt_at = ?3, locked_until = NULL, claim_token = NULL"
                + " WHERE status = ?1 AND received_at >= ?2 AND payload IS NOT NULL")
        .setParameter(1, status)
        .setParameter(2, Timestamp.from(since))
        .setParameter(3, Timestamp.from(now))
        .executeUpdate();
  }

  /**
   * Connect events whose account matched no tenant, newest first, each with the endpoint it came
   * through: {@code source} {@code platform_connect}, or {@code tenant_connect} with the {@code
   * tenant} whose endpoint it was (neither for events recorded before they were kept).
   */
  public JsonArrayBuilder unroutable(int limit) {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (Object row :
        em.createNativeQuery(
                "SELECT u.id, u.event_id, u.account, u.event_type, u.received_at, u.source, t.slug"
                    + " FROM core.unroutable_events u LEFT JOIN core.tenants t ON t.id = u.tenant_id"
                    + " ORDER BY u.received_at DESC, u.id DESC LIMIT ?1")
            .setParameter(1, limit)
            .getResultList()) {
      Object[] r = (Object[]) row;
      out.add(
          Json.createObjectBuilder()
              .add("id", r[0].toString())
              .add("eventId", (String) r[1])
              .add("account", (String) r[2])
              .add("eventType", (String) r[3])
              .add("receivedAt", SqlValues.instant(r[4]).toString())
              .add("source", r[5] == null ? JsonValue.NULL : Json.createValue((String) r[5]))
              .add("tenant", r[6] == null ? JsonValue.NULL : Json.createValue((String) r[6])));
    }
    return out;
  }

  private static JsonObjectBuilder summary(Object[] r) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", r[0].toString())
            .add("tenant", (String) r[1])
            .add("eventId", (String) r[2])
            .add("type", (String) r[3])
            .add("status", (String) r[4])
            .add("attempts", ((Number) r[5]).intValue())
            .add("receivedAt", SqlValues.instant(r[6]).toString())
            .add("source", (String) r[11])
            .add("created", SqlValues.instant(r[12]).toString());
    if (r[7] != null) {
      b.add("processedAt", SqlValues.instant(r[7]).toString());
    }
    if (r[8] != null) {
      b.add("processingMs", ((Number) r[8]).intValue());
    }
    if (r[9] != null) {
      b.add("lastError", (String) r[9]);
    }
    if (r[4].equals("failed") || r[4].equals("pending")) {
      b.add("nextAttemptAt", SqlValues.instant(r[10]).toString());
    }
    if (r[13] != null) {
      b.add("objectId", (String) r[13]);
    }
    if (r[14] != null) {
      b.add("reference", (String) r[14]);
    }
    return b;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
