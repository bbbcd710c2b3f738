package dev.plinth.core.users;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.spi.EndUser;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The registry of a tenant's end users ({@code core.end_users}), each named by the tenant's own
 * {@code userRef}, every statement in the tenant's scope.
 *
 * <p>Lifecycle: {@link #put} creates or replaces a user's email and name; {@link #erase} clears
 * them for good and keeps the row as a tombstone with {@code erased_at}. The reference stays taken
 * (a later {@code put} gets 409 {@code user_erased}), so that what a vertical recorded under it is
 * never attributed to somebody new, and a session token naming it is refused.
 */
@ApplicationScoped
public class EndUsers {

  /** The most characters a display name may have. */
  static final int MAX_NAME = 200;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject Clock clock;

  /**
   * A user as the registry holds it.
   *
   * @param created whether the call that returned it created it
   */
  public record Registered(EndUser user, Instant createdAt, Instant updatedAt, boolean created) {}

  /** A {@code userRef} from a path, checked: 400 {@code invalid_request} on {@code userRef}. */
  public static String ref(String userRef) {
    if (userRef == null || !EndUser.REF.matcher(userRef).matches()) {
      throw ApiException.invalid(
          "userRef", "userRef must be 1-128 characters of letters, digits and _ . : @ -");
    }
    return userRef;
  }

  /** Creates or replaces a user: {@code {"email", "name"?}}; a name left out is cleared. */
  public Registered put(Tenant tenant, String userRef, JsonBody body) {
    body.allowOnly(Set.of("email", "name"));
    String email = body.email("email");
    String name = body.optionalString("name", MAX_NAME).orElse(null);
    Timestamp now = Timestamp.from(clock.instant());
    List<?> rows =
        inScope(
            tenant,
            () ->
                em.createNativeQuery(
                        "INSERT INTO core.end_users AS u"
                            + " (tenant_id, user_ref, email, name, created_at, updated_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                            + " ON CONFLICT (tenant_id, user_ref) DO UPDATE"
                            + " SET email = EXCLUDED.email, name = EXCLUDED.name,"
                            + " updated_at = EXCLUDED.updated_at"
                            + " WHERE u.erased_at IS NULL"
                            + " RETURNING u.created_at, u.updated_at, (u.xmax = 0)")
                    .setParameter(1, tenant.id())
                    .setParameter(2, userRef)
                    .setParameter(3, email)
                    .setParameter(4, name)
                    .setParameter(5, now)
                    .setParameter(6, now)
                    .getResultList());
    if (rows.isEmpty()) {
      throw erased(userRef);
    }
    Object[] r = (Object[]) rows.get(0);
    return new Registered(
        new EndUser(userRef, email, name),
        SqlValues.instant(r[0]),
        SqlValues.instant(r[1]),
        Boolean.TRUE.equals(r[2]));
  }

  /** A user; 404 for one never registered or erased. */
  public Registered get(Tenant tenant, String userRef) {
    List<?> rows =
        inScope(
            tenant,
            () ->
                em.createNativeQuery(
                        "SELECT email, name, created_at, updated_at, erased_at FROM core.end_users"
                            + " WHERE tenant_id = ?1 AND user_ref = ?2")
                    .setParameter(1, tenant.id())
                    .setParameter(2, userRef)
                    .getResultList());
    if (rows.isEmpty()) {
      throw noUser(userRef);
    }
    Object[] r = (Object[]) rows.get(0);
    if (r[4] != null) {
      throw ApiException.notFound("user '" + userRef + "' was erased");
    }
    return new Registered(
        new EndUser(userRef, (String) r[0], (String) r[1]),
        SqlValues.instant(r[2]),
        SqlValues.instant(r[3]),
        false);
  }

  /**
   * Erases a user's personal data; the reference stays, as a tombstone. Erasing an erased user
   * again changes nothing; 404 for one never registered.
   */
  public void erase(Tenant tenant, String userRef) {
    inScope(
        tenant,
        () -> {
          Timestamp now = Timestamp.from(clock.instant());
          int erased =
              em.createNativeQuery(
                      "UPDATE core.end_users SET email = NULL, name = NULL, erased_at = ?3,"
                          + " updated_at = ?4 WHERE tenant_id = ?1 AND user_ref = ?2"
                          + " AND erased_at IS NULL")
                  .setParameter(1, tenant.id())
                  .setParameter(2, userRef)
                  .setParameter(3, now)
                  .setParameter(4, now)
                  .executeUpdate();
          if (erased == 0
              && em.createNativeQuery(
                      "SELECT 1 FROM core.end_users WHERE tenant_id = ?1 AND user_ref = ?2")
                  .setParameter(1, tenant.id())
                  .setParameter(2, userRef)
                  .getResultList()
                  .isEmpty()) {
            throw noUser(userRef);
          }
          return null;
        });
  }

  static ApiException noUser(String userRef) {
    return ApiException.notFound("no user '" + userRef + "'");
  }

  private static ApiException erased(String userRef) {
    return ApiException.conflict(
        "user_erased",
        "user '" + userRef + "' was erased; its reference cannot name anybody again");
  }

  private <T> T inScope(Tenant tenant, java.util.concurrent.Callable<T> work) {
    return transactions.inTenant(tenant.id(), tenant.vertical(), work);
  }
}
