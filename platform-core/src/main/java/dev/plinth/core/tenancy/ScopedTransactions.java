package dev.plinth.core.tenancy;

import dev.plinth.core.vertical.VerticalRegistry;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.persistence.config.EntityManagerProperties;

/**
 * Runs work in a JTA transaction bound to one scope, for both walls of tenant isolation:
 *
 * <ul>
 *   <li>a <b>tenant</b> scope sets EclipseLink's tenant on the core's and the tenant's vertical's
 *       EntityManagers, and {@code plinth.tenant_id} on the connection with {@code set_config(...,
 *       true)}, which PostgreSQL forgets at commit;
 *   <li>the <b>platform</b> scope, for the core's own cross-tenant work, sets {@code
 *       plinth.platform_key} to the secret that only the core knows (see {@link PlatformKey}).
 * </ul>
 *
 * A transaction is bound once; a second, different binding fails. All units in the transaction
 * share one connection, so the setting covers them all.
 */
@ApplicationScoped
public class ScopedTransactions {

  private static final String BOUND = ScopedTransactions.class.getName() + ".bound";
  private static final String PLATFORM = "platform";

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Resource UserTransaction userTransaction;

  @Resource TransactionSynchronizationRegistry registry;

  @Inject PlatformKey platformKey;

  @Inject VerticalRegistry verticals;

  /** Runs {@code work} in the tenant's scope, joining the current transaction if there is one. */
  public <T> T inTenant(UUID tenantId, String verticalId, Callable<T> work) {
    return inTransaction(() -> bindTenant(tenantId, verticalId), work);
  }

  /** Runs {@code work} in the platform scope, joining the current transaction if there is one. */
  public <T> T inPlatform(Callable<T> work) {
    return inTransaction(this::bindPlatform, work);
  }

  /** Binds the current transaction to a tenant. */
  public void bindTenant(UUID tenantId, String verticalId) {
    Object bound = registry.getResource(BOUND);
    if (tenantId.equals(bound)) {
      return;
    }
    if (bound != null && !PLATFORM.equals(bound)) {
      throw new IllegalStateException("this transaction is already bound to another tenant");
    }
    em.createNativeQuery("SELECT set_config('plinth.tenant_id', ?1, true)")
        .setParameter(1, tenantId.toString())
        .getSingleResult();
    em.setProperty(EntityManagerProperties.MULTITENANT_PROPERTY_DEFAULT, tenantId.toString());
    // a vertical that keeps no data has no EntityManager
    verticals
        .find(verticalId)
        .map(v -> v.entityManager())
        .ifPresent(
            vem ->
                vem.setProperty(
                    EntityManagerProperties.MULTITENANT_PROPERTY_DEFAULT, tenantId.toString()));
    registry.putResource(BOUND, tenantId);
  }

  private void bindPlatform() {
    Object bound = registry.getResource(BOUND);
    if (bound != null) {
      // a tenant transaction that needs platform rows, e.g. onboarding: both settings apply
      if (PLATFORM.equals(bound)) {
        return;
      }
    }
    String key =
        platformKey.get().orElseThrow(() -> new IllegalStateException("migrations have not run"));
    em.createNativeQuery("SELECT set_config('plinth.platform_key', ?1, true)")
        .setParameter(1, key)
        .getSingleResult();
    if (bound == null) {
      registry.putResource(BOUND, PLATFORM);
    }
  }

  private <T> T inTransaction(Runnable bind, Callable<T> work) {
    try {
      if (registry.getTransactionStatus() == Status.STATUS_ACTIVE) {
        bind.run();
        return work.call();
      }
      userTransaction.begin();
      try {
        bind.run();
        T result = work.call();
        userTransaction.commit();
        return result;
      } catch (Throwable t) {
        if (userTransaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
          userTransaction.rollback();
        }
        throw t;
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new TransactionFailedException(e);
    }
  }

  /** A checked failure inside or around a scoped transaction. */
  public static class TransactionFailedException extends RuntimeException {
    TransactionFailedException(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
