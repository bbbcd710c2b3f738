package dev.plinth.core.notify;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.NoTenantException;
import dev.plinth.spi.Actor;
import dev.plinth.spi.Notification;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboxNotificationsTest {

  static final Notification NOTE =
      new Notification("guest@example.com", "Booked", "See you.", "reservation.confirmed");

  @Test
  void refusesWithoutATenant() {
    OutboxNotifications outbox = outbox(Status.STATUS_ACTIVE);
    assertThatThrownBy(() -> outbox.enqueue(NOTE)).isInstanceOf(NoTenantException.class);
  }

  @Test
  void refusesOutsideATransactionRatherThanStartingOne() {
    OutboxNotifications outbox = outbox(Status.STATUS_NO_TRANSACTION);
    outbox.current.bind(UUID.randomUUID(), "acme", "probe", "o@example.com", Actor.SYSTEM);
    assertThatThrownBy(() -> outbox.enqueue(NOTE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
  }

  private static OutboxNotifications outbox(int status) {
    OutboxNotifications outbox = new OutboxNotifications();
    outbox.current = new CurrentTenant();
    outbox.registry = new FixedStatus(status);
    return outbox;
  }

  private record FixedStatus(int status) implements TransactionSynchronizationRegistry {
    @Override
    public int getTransactionStatus() {
      return status;
    }

    @Override
    public Object getTransactionKey() {
      return null;
    }

    @Override
    public void putResource(Object key, Object value) {}

    @Override
    public Object getResource(Object key) {
      return null;
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {}

    @Override
    public void setRollbackOnly() {}

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }
}
