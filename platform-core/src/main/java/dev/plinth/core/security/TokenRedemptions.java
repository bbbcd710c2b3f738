package dev.plinth.core.security;

import dev.plinth.spi.SignedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

/**
 * The one use of each redeemed token ({@link SignedTokens#redeem}), in {@code
 * core.redeemed_tokens}, in the caller's tenant transaction. The table's primary key decides: of
 * two redemptions at once, the second waits for the first's transaction and inserts nothing.
 */
@ApplicationScoped
public class TokenRedemptions {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject Clock clock;

  /** Records the token's use; true if this was its first. Drops the tenant's expired records. */
  boolean first(UUID tenantId, SignedTokens.Verified token) {
    em.createNativeQuery(
            "DELETE FROM core.redeemed_tokens WHERE tenant_id = ?1 AND expires_at <= ?2")
        .setParameter(1, tenantId)
        .setParameter(2, Timestamp.from(clock.instant()))
        .executeUpdate();
    return em.createNativeQuery(
                "INSERT INTO core.redeemed_tokens (tenant_id, token_id, expires_at)"
                    + " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
            .setParameter(1, tenantId)
            .setParameter(2, token.id())
            .setParameter(3, Timestamp.from(token.expiresAt()))
            .executeUpdate()
        == 1;
  }
}
