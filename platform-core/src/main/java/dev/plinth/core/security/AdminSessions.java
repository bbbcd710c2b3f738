package dev.plinth.core.security;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The consoles' sessions, in {@code core.admin_sessions}, so that every instance knows them: the
 * admin console's, and each tenant's own console's (a session with a tenant id). A session is named
 * by an opaque random id that only its cookie carries; the table keeps the id's SHA-256. It lasts
 * {@code PLINTH_ADMIN_SESSION_HOURS} by the platform clock, unless revoked. A lookup names whose
 * session it wants, so that one kind never passes for the other.
 */
@ApplicationScoped
public class AdminSessions {

  static final String HOURS = "PLINTH_ADMIN_SESSION_HOURS";

  private static final long MAX_HOURS = 24 * 366;

  @Inject
  @ConfigProperty(name = HOURS, defaultValue = "8")
  String hours;

  @Inject Clock clock;

  @Inject ScopedTransactions transactions;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  private volatile Duration life;

  /** A new session: its id (for the cookie only), its CSRF token and when it ends. */
  public record Issued(String id, String csrfToken, Instant expiresAt, Duration life) {}

  /** A live session, as its cookie finds it. */
  public record Session(String idHash, String csrfToken, Instant expiresAt) {}

  /** Reads and checks the session life; a bad value refuses the start, naming the variable. */
  public void configure() {
    life = life(hours);
  }

  /** Parses {@code PLINTH_ADMIN_SESSION_HOURS}: a whole number of hours, 1 to a year. */
  static Duration life(String value) {
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalStateException(
          HOURS + " must be a whole number from 1 to " + MAX_HOURS + "; it is '" + value + "'");
    }
    if (n < 1 || n > MAX_HOURS) {
      throw new IllegalStateException(HOURS + " must be from 1 to " + MAX_HOURS + "; it is " + n);
    }
    return Duration.ofHours(n);
  }

  /** A new admin console session. */
  public Issued create() {
    return create(null);
  }

  /**
   * A new session of this tenant's console; of the admin console's when {@code tenantId} is null.
   */
  public Issued create(UUID tenantId) {
    Duration sessionLife = life;
    String id = Tokens.random(32);
    String csrfToken = Tokens.random(32);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = now.plus(sessionLife);
    transactions.inPlatform(
        () ->
            em.createNativeQuery(
                    "INSERT INTO core.admin_sessions"
                        + " (id_hash, csrf_token, created_at, expires_at, tenant_id)"
                        + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS uuid))")
                .setParameter(1, Tokens.sha256Hex(id))
                .setParameter(2, csrfToken)
                .setParameter(3, Timestamp.from(now))
                .setParameter(4, Timestamp.from(expiresAt))
                .setParameter(5, tenantId)
                .executeUpdate());
    return new Issued(id, csrfToken, expiresAt, sessionLife);
  }

  /** The admin session this cookie value names, unless it is unknown, expired or revoked. */
  public Optional<Session> find(String id) {
    return findByHash(null, Tokens.sha256Hex(id));
  }

  /**
   * The live admin session named by this hash of its id, unless it is unknown, expired or revoked.
   */
  public Optional<Session> byHash(String idHash) {
    return findByHash(null, idHash);
  }

  /**
   * The session of this tenant's console that this cookie value names (of the admin console's when
   * {@code tenantId} is null), unless it is unknown, expired, revoked or someone else's.
   */
  public Optional<Session> find(UUID tenantId, String id) {
    return findByHash(tenantId, Tokens.sha256Hex(id));
  }

  /** As {@link #find(UUID, String)}, by the SHA-256 (hex) of the session's id. */
  public Optional<Session> findByHash(UUID tenantId, String idHash) {
    List<?> rows =
        transactions.inPlatform(
            () ->
                em.createNativeQuery(
                        "SELECT csrf_token, expires_at FROM core.admin_sessions"
                            + " WHERE id_hash = ?1 AND revoked_at IS NULL AND expires_at > ?2"
                            + " AND tenant_id IS NOT DISTINCT FROM CAST(?3 AS uuid)")
                    .setParameter(1, idHash)
                    .setParameter(2, Timestamp.from(clock.instant()))
                    .setParameter(3, tenantId)
                    .getResultList());
    return rows.stream()
        .map(r -> (Object[]) r)
        .map(r -> new Session(idHash, (String) r[0], SqlValues.instant(r[1])))
        .findFirst();
  }

  /** Ends the session named by this hash of its id; ending it twice changes nothing. */
  public void revoke(String idHash) {
    transactions.inPlatform(
        () ->
            em.createNativeQuery(
                    "UPDATE core.admin_sessions SET revoked_at = ?2"
                        + " WHERE id_hash = ?1 AND revoked_at IS NULL")
                .setParameter(1, idHash)
                .setParameter(2, Timestamp.from(clock.instant()))
                .executeUpdate());
  }

  /**
   * Ends every live session of this tenant's console, as when its API key, which opened them, is
   * replaced.
   */
  public void revokeTenant(UUID tenantId) {
    transactions.inPlatform(
        () ->
            em.createNativeQuery(
                    "UPDATE core.admin_sessions SET revoked_at = ?2"
                        + " WHERE tenant_id = ?1 AND revoked_at IS NULL")
                .setParameter(1, tenantId)
                .setParameter(2, Timestamp.from(clock.instant()))
                .executeUpdate());
  }

  /** How the audit and the logs name a session: the first 12 characters of its id's hash. */
  public static String shortForm(String idHash) {
    return idHash.substring(0, 12);
  }
}
