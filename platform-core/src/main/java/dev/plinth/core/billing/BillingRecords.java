package dev.plinth.core.billing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Upserts the core's billing records (customers, payments, subscriptions) from webhook events,
 * keyed by their Stripe id within the tenant. A row is changed only by an event at least as new as
 * the last one applied to it, so events arriving out of order never roll state back. Stripe's
 * {@code created} counts whole seconds, and one payment's events often share a second: at a tie the
 * status may only move forward in its lifecycle ({@link #STAGES}), so a late {@code
 * payment_intent.created} cannot undo {@code payment_intent.succeeded}. Null values never erase
 * what an earlier event told.
 */
@ApplicationScoped
public class BillingRecords {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @jakarta.inject.Inject Clock clock;

  /** Per table, the order a record's status moves in; unknown statuses rank first. */
  static final Map<String, List<String>> STAGES =
      Map.of(
          "payments",
          List.of(
              "requires_payment_method",
              "requires_confirmation",
              "requires_action",
              "processing",
              "requires_capture",
              "canceled",
              "failed",
              "succeeded",
              "partially_refunded",
              "disputed",
              "dispute_lost",
              "refunded"),
          "subscriptions",
          List.of(
              "incomplete",
              "incomplete_expired",
              "trialing",
              "active",
              "past_due",
              "unpaid",
              "paused",
              "canceled"));

  /** Columns that only ever grow, whatever order the events come in. */
  static final java.util.Set<String> MONOTONIC = java.util.Set.of("amount_refunded");

  /** SQL for a status column's stage: its position in {@code stages}, 0 when unknown. */
  static String stage(List<String> stages, String column) {
    return "coalesce(array_position(ARRAY['"
        + String.join("','", stages)
        + "']::text[], "
        + column
        + "), 0)";
  }

  /**
   * @param table {@code customers}, {@code payments} or {@code subscriptions}
   * @param keyColumn the Stripe id column
   * @param values column to value; only non-null values are written
   * @return whether the row was written (false when a newer event had already been applied)
   */
  public boolean upsert(
      String table,
      UUID tenantId,
      String keyColumn,
      String key,
      Map<String, Object> values,
      Instant eventCreated) {
    Map<String, Object> columns = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (v != null) {
            columns.put(k, v instanceof Instant i ? Timestamp.from(i) : v);
          }
        });
    Instant now = clock.instant();
    List<Object> params = new ArrayList<>();
    StringBuilder names = new StringBuilder("id, tenant_id, " + keyColumn);
    StringBuilder marks = new StringBuilder("?1, ?2, ?3");
    params.add(UUID.randomUUID());
    params.add(tenantId);
    params.add(key);
    StringBuilder updates = new StringBuilder();
    for (var e : columns.entrySet()) {
      params.add(e.getValue());
      names.append(", ").append(e.getKey());
      marks.append(", ?").append(params.size());
      updates.append(e.getKey()).append(" = ");
      if (MONOTONIC.contains(e.getKey())) {
        // two partial refunds of one second may arrive swapped: the total only grows
        updates.append("GREATEST(r.").append(e.getKey()).append(", EXCLUDED.").append(e.getKey());
        updates.append("), ");
      } else {
        updates.append("EXCLUDED.").append(e.getKey()).append(", ");
      }
    }
    params.add(Timestamp.from(eventCreated));
    int eventMark = params.size();
    params.add(Timestamp.from(now));
    int nowMark = params.size();
    String sql =
        "INSERT INTO core."
            + table
            + " AS r ("
            + names
            + ", last_event_at, created_at, updated_at) VALUES ("
            + marks
            + ", ?"
            + eventMark
            + ", ?"
            + nowMark
            + ", ?"
            + nowMark
            + ") ON CONFLICT (tenant_id, "
            + keyColumn
            + ") DO UPDATE SET "
            + updates
            + "last_event_at = EXCLUDED.last_event_at, updated_at = EXCLUDED.updated_at"
            + " WHERE r.last_event_at < EXCLUDED.last_event_at"
            + " OR (r.last_event_at = EXCLUDED.last_event_at"
            + (STAGES.containsKey(table) && columns.containsKey("status")
                ? " AND "
                    + stage(STAGES.get(table), "EXCLUDED.status")
                    + " >= "
                    + stage(STAGES.get(table), "r.status")
                : "")
            + ")";
    Query q = em.createNativeQuery(sql);
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    return q.executeUpdate() == 1;
  }
}
