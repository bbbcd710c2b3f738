package dev.plinth.spi;

import java.util.UUID;

/**
 * The outbox. {@link #enqueue} writes the message in the caller's transaction, for the bound
 * tenant, so that it exists exactly when the change it announces commits. The host sends it
 * afterwards: to the server log by default, by Jakarta Mail when SMTP is configured. A message that
 * fails to send stays in the outbox and is tried again; none is lost.
 */
public interface Notifications {

  /** Queues the message in the current transaction; returns its id. */
  UUID enqueue(Notification notification);
}
