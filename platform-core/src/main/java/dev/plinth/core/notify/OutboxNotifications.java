package dev.plinth.core.notify;

import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.NoTenantException;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

/**
 * {@link Notifications} on the {@code core.notifications} outbox. {@link #enqueue} inserts a
 * pending row for the bound tenant in the caller's transaction, which it joins and never starts:
 * the message exists if and only if the change it announces commits. The {@link OutboxSender} sends
 * it after the commit and retries it until it is sent.
 *
 * <p>Fails with {@link NoTenantException} when no tenant is bound, and with {@link
 * IllegalStateException} when there is no active transaction (call it from a {@code
 * TenantTransactional} method or a Stripe event handler).
 */
@ApplicationScoped
public class OutboxNotifications implements Notifications {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject CurrentTenant current;

  @Inject ScopedTransactions transactions;

  @Resource TransactionSynchronizationRegistry registry;

  @Inject Clock clock;

  @Override
  public UUID enqueue(Notification notification) {
    if (notification == null) {
      throw new IllegalArgumentException("no notification to enqueue");
    }
    if (!current.isBound()) {
      throw new NoTenantException();
    }
    if (registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
      throw new IllegalStateException(
          "Notifications.enqueue needs the caller's active transaction: call it from a"
              + " @TenantTransactional method or a Stripe event handler");
    }
    UUID id = UUID.randomUUID();
    UUID tenantId = current.tenantId();
    Timestamp now = Timestamp.from(clock.instant());
    // joins the active transaction (checked above) and makes sure it is bound to this tenant
    transactions.inTenant(
        tenantId,
        current.verticalId(),
        () ->
            em.createNativeQuery(
                    "INSERT INTO core.notifications (id, tenant_id, kind, recipient, subject, body,"
                        + " status, attempts, next_attempt_at, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7, ?7)")
                .setParameter(1, id)
                .setParameter(2, tenantId)
                .setParameter(3, notification.kind())
                .setParameter(4, notification.to())
                .setParameter(5, notification.subject())
                .setParameter(6, notification.body())
                .setParameter(7, now)
                .executeUpdate());
    return id;
  }
}
