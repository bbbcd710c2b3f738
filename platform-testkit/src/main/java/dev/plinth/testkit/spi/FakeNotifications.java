package dev.plinth.testkit.spi;

import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The outbox for unit tests: keeps what was queued, in order. */
public final class FakeNotifications implements Notifications {

  private final List<Notification> sent = new ArrayList<>();

  @Override
  public UUID enqueue(Notification notification) {
    sent.add(notification);
    return UUID.randomUUID();
  }

  /** Everything queued so far. */
  public List<Notification> sent() {
    return List.copyOf(sent);
  }
}
