package dev.plinth.core.errorlog;

import java.util.UUID;

/**
 * Where an error happened. Every part is optional.
 *
 * @param tenantId the tenant the work was for
 * @param method the HTTP method of the request
 * @param path the request path
 * @param eventId the Stripe event being processed
 * @param userId who was calling: {@code admin}, a tenant slug, or a customer reference
 */
public record ErrorContext(
    UUID tenantId, String method, String path, String eventId, String userId) {

  public static final ErrorContext NONE = new ErrorContext(null, null, null, null, null);

  public ErrorContext withEventId(String id) {
    return new ErrorContext(tenantId, method, path, id, userId);
  }

  public ErrorContext withTenant(UUID id) {
    return new ErrorContext(id, method, path, eventId, userId);
  }
}
