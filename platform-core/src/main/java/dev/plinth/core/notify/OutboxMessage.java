package dev.plinth.core.notify;

import java.util.UUID;

/**
 * One message claimed from the outbox.
 *
 * @param tenantSlug the tenant's slug, or null if it could not be read
 * @param attempts the tries made so far, all of them failed
 */
public record OutboxMessage(
    UUID id,
    UUID tenantId,
    String tenantSlug,
    String kind,
    String recipient,
    String subject,
    String body,
    int attempts) {

  /** The tenant for the log: its slug, or its id. */
  public String tenant() {
    return tenantSlug != null ? tenantSlug : String.valueOf(tenantId);
  }
}
