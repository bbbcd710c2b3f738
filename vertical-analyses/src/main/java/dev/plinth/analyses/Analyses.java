package dev.plinth.analyses;

import dev.plinth.analyses.AnalysesResource.AnalysisView;
import dev.plinth.analyses.AnalysesResource.Usage;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The users' analyses and their monthly quota. Recording one locks the user's row first, so that
 * concurrent requests of one user take turns: each counts what the ones before it recorded, and the
 * limit holds exactly.
 */
@ApplicationScoped
@TenantTransactional
public class Analyses {

  @PersistenceContext(unitName = AnalysesModule.ID)
  EntityManager em;

  @Inject TenantContext tenant;

  @Inject Subscribers subscribers;

  @Inject Tiers tiers;

  @Inject AnalysesConfig config;

  @Inject Clock clock;

  /** The usage period and limit that apply to a user now. */
  record Quota(Integer limit, Instant from, Instant until) {}

  /** Records an analysis if the user is under the limit; 402 {@code quota_exceeded} if not. */
  public AnalysisView record(String userRef, boolean seen, String address, JsonObject data) {
    Subscriber s = subscribers.touch(userRef, seen);
    Quota q = quota(s);
    long used = used(userRef, q);
    if (q.limit() != null && used >= q.limit()) {
      throw new ApiException(
          402,
          "quota_exceeded",
          "the " + q.limit() + " analyses of this period are used up",
          Map.of("limit", q.limit(), "used", used, "remaining", 0, "resetsAt", q.until()));
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    em.createNativeQuery(
            "INSERT INTO analyses.analyses (id, tenant_id, user_ref, address, data, created_at)"
                + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), ?6)")
        .setParameter(1, id)
        .setParameter(2, tenant.tenantId())
        .setParameter(3, userRef)
        .setParameter(4, address)
        .setParameter(5, data.toString())
        .setParameter(6, Timestamp.from(now))
        .executeUpdate();
    return new AnalysisView(id, address, data, now);
  }

  /** The user's usage this period. */
  public Usage usage(Subscriber s) {
    Quota q = quota(s);
    long used = used(s.userRef(), q);
    Long remaining = q.limit() == null ? null : Math.max(0, q.limit() - used);
    return new Usage(used, q.limit(), remaining, q.until());
  }

  /**
   * A paying user's period is the subscription's; a Free user's (and one past due for longer than
   * the grace period) is the calendar month, with Free's limit.
   */
  Quota quota(Subscriber s) {
    Instant now = clock.instant();
    boolean holdsTier =
        switch (s.status()) {
          case active, trialing -> true;
          case past_due ->
              s.pastDueSince() == null || now.isBefore(s.pastDueSince().plus(config.grace()));
          default -> false;
        };
    Tier tier = tiers.byCode(holdsTier ? s.tier() : Tier.FREE, "tier");
    if (holdsTier
        && s.periodStart() != null
        && s.periodEnd() != null
        && !now.isBefore(s.periodStart())
        && now.isBefore(s.periodEnd())) {
      return new Quota(tier.monthlyLimit(), s.periodStart(), s.periodEnd());
    }
    ZonedDateTime month =
        now.atZone(config.periodZone())
            .withDayOfMonth(1)
            .toLocalDate()
            .atStartOfDay(config.periodZone());
    return new Quota(tier.monthlyLimit(), month.toInstant(), month.plusMonths(1).toInstant());
  }

  private long used(String userRef, Quota q) {
    Object n =
        em.createNativeQuery(
                "SELECT count(*) FROM analyses.analyses WHERE tenant_id = ?1 AND user_ref = ?2"
                    + " AND created_at >= ?3 AND created_at < ?4")
            .setParameter(1, tenant.tenantId())
            .setParameter(2, userRef)
            .setParameter(3, Timestamp.from(q.from()))
            .setParameter(4, Timestamp.from(q.until()))
            .getSingleResult();
    return ((Number) n).longValue();
  }

  /**
   * The user's analyses, newest first: before {@code before} when given, matching the full-text
   * query {@code q} over addresses and containing the JSON {@code contains}, when given.
   */
  public List<AnalysisView> list(
      String userRef, String q, JsonObject contains, Instant before, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, address, CAST(data AS text), created_at FROM analyses.analyses"
                + " WHERE tenant_id = ?1 AND user_ref = ?2");
    List<Object> params = new ArrayList<>(List.of(tenant.tenantId(), userRef));
    if (q != null) {
      params.add(q);
      sql.append(" AND address_tsv @@ websearch_to_tsquery('simple', ?")
          .append(params.size())
          .append(")");
    }
    if (contains != null) {
      params.add(contains.toString());
      sql.append(" AND data @> CAST(?").append(params.size()).append(" AS jsonb)");
    }
    if (before != null) {
      params.add(Timestamp.from(before));
      sql.append(" AND created_at < ?").append(params.size());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(limit);
    Query query = em.createNativeQuery(sql.toString());
    for (int i = 0; i < params.size(); i++) {
      query.setParameter(i + 1, params.get(i));
    }
    List<AnalysisView> found = new ArrayList<>();
    for (Object row : query.getResultList()) {
      Object[] r = (Object[]) row;
      found.add(
          new AnalysisView(
              (UUID) r[0],
              (String) r[1],
              Json.createReader(new StringReader((String) r[2])).readObject(),
              instant(r[3])));
    }
    return found;
  }

  static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    return (Instant) value;
  }
}
