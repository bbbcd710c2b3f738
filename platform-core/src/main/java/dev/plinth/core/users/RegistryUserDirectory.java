package dev.plinth.core.users;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.spi.EndUser;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link UserDirectory} over {@code core.end_users}, in the bound tenant's scope. */
@ApplicationScoped
public class RegistryUserDirectory implements UserDirectory {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject TenantContext tenant;

  @Override
  public Optional<EndUser> find(String userRef) {
    if (userRef == null || !EndUser.REF.matcher(userRef).matches()) {
      return Optional.empty();
    }
    return one("user_ref = ?2", userRef);
  }

  @Override
  public Optional<EndUser> byEmail(String email) {
    if (email == null || email.isBlank()) {
      return Optional.empty();
    }
    return one("lower(email) = lower(?2)", email.trim());
  }

  @Override
  public List<Registration> registeredSince(Instant since, int limit) {
    return live(
            "SELECT user_ref, created_at FROM core.end_users WHERE tenant_id = ?1"
                + " AND erased_at IS NULL AND created_at >= ?2 ORDER BY created_at, user_ref"
                + " LIMIT ?3",
            Timestamp.from(since),
            limit)
        .stream()
        .map(r -> new Registration((String) r[0], SqlValues.instant(r[1])))
        .toList();
  }

  private Optional<EndUser> one(String condition, String value) {
    List<Object[]> rows =
        live(
            "SELECT user_ref, email, name FROM core.end_users WHERE tenant_id = ?1"
                + " AND erased_at IS NULL AND "
                + condition
                + " LIMIT 2",
            value);
    if (rows.size() != 1) {
      return Optional.empty();
    }
    Object[] r = rows.get(0);
    return Optional.of(new EndUser((String) r[0], (String) r[1], (String) r[2]));
  }

  /** The rows of a query of the bound tenant's registry: ?1 is the tenant, then the params. */
  private List<Object[]> live(String sql, Object... params) {
    List<?> rows =
        transactions.inTenant(
            tenant.tenantId(),
            tenant.verticalId(),
            () -> {
              var q = em.createNativeQuery(sql).setParameter(1, tenant.tenantId());
              for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 2, params[i]);
              }
              return q.getResultList();
            });
    return rows.stream().map(r -> (Object[]) r).toList();
  }
}
