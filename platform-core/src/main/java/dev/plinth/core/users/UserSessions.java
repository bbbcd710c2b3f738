package dev.plinth.core.users;

import dev.plinth.core.security.PlatformSecrets;
import dev.plinth.core.security.SessionTokens;
import dev.plinth.core.security.Tokens;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.spi.EndUser;
import dev.plinth.spi.web.Fields;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * End users' sessions. The tenant's backend asks for a token for one of its users ({@link #issue});
 * the browser sends it as {@code Authorization: Bearer}, and {@link #authenticate} turns it back
 * into the user. Tokens are stateless (see {@link SessionTokens}); what makes them die before they
 * expire is state kept here: the tenant's session epoch (bumped by a revocation and by an API-key
 * rotation) and the user's erasure.
 */
@ApplicationScoped
public class UserSessions {

  /** The bounds and default of {@code ttlSeconds}. */
  static final long MIN_TTL = 60;

  static final long MAX_TTL = 86_400;
  static final long DEFAULT_TTL = 3_600;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject PlatformSecrets secrets;

  @Inject Clock clock;

  /** A token issued for a user. */
  public record Issued(String token, String userRef, Instant expiresAt) {}

  /** A user whose session token checked out. */
  public record Authenticated(UUID tenantId, String slug, EndUser user) {}

  /** What the database says now about a tenant and one of its users. */
  private record Current(long epoch, String slug, EndUser user) {}

  /**
   * A token for one of the tenant's users: {@code {"userRef", "ttlSeconds"?}}, the user registered
   * and not erased (else 404).
   */
  public Issued issue(Tenant tenant, JsonBody body) {
    body.allowOnly(Set.of("userRef", "ttlSeconds"));
    String userRef = EndUsers.ref(body.string("userRef"));
    long ttl =
        Fields.range(
            "ttlSeconds",
            body.optionalWholeNumber("ttlSeconds").orElse(DEFAULT_TTL),
            MIN_TTL,
            MAX_TTL);
    Current current = current(tenant.id(), userRef).orElseThrow(() -> EndUsers.noUser(userRef));
    Instant now = clock.instant();
    Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
    Instant expiresAt = issuedAt.plus(Duration.ofSeconds(ttl));
    String token =
        secrets
            .sessionTokens()
            .sign(
                new SessionTokens.Claims(
                    tenant.id(), userRef, current.epoch(), issuedAt, expiresAt, Tokens.random(16)));
    return new Issued(token, userRef, expiresAt);
  }

  /**
   * The user behind a session token: signed by the platform's key and unexpired by the platform
   * clock, for a tenant that exists, under that tenant's current session epoch, naming a user who
   * is registered and not erased. Empty for anything else; the caller refuses it without saying
   * which check failed.
   */
  public Optional<Authenticated> authenticate(String token) {
    return secrets
        .sessionTokens()
        .verify(token, clock.instant())
        .flatMap(
            claims ->
                current(claims.tenantId(), claims.userRef())
                    .filter(c -> c.epoch() == claims.epoch())
                    .map(c -> new Authenticated(claims.tenantId(), c.slug(), c.user())));
  }

  /**
   * One read in the tenant's scope: its epoch and slug, and the user if registered and not erased.
   */
  private Optional<Current> current(UUID tenantId, String userRef) {
    List<?> rows =
        transactions.inTenant(
            tenantId,
            null,
            () ->
                em.createNativeQuery(
                        "SELECT t.session_epoch, t.slug, u.email, u.name FROM core.tenants t"
                            + " JOIN core.end_users u ON u.tenant_id = t.id"
                            + " WHERE t.id = ?1 AND u.user_ref = ?2 AND u.erased_at IS NULL")
                    .setParameter(1, tenantId)
                    .setParameter(2, userRef)
                    .getResultList());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = (Object[]) rows.get(0);
    return Optional.of(
        new Current(
            ((Number) r[0]).longValue(),
            (String) r[1],
            new EndUser(userRef, (String) r[2], (String) r[3])));
  }
}
