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
 * @param reference the vertical's reference the work was about (a checkout's {@code reference}):
 *     that of the webhook event being processed
 */
public record ErrorContext(
    UUID tenantId, String method, String path, String eventId, String userId, String reference) {

  public static final ErrorContext NONE = new ErrorContext(null, null, null, null, null, null);

  /** Work for a tenant outside any request: a job, a worker. */
  public static ErrorContext of(UUID tenantId, String userId) {
    return new ErrorContext(tenantId, null, null, null, userId, null);
  }

  public ErrorContext withEventId(String id) {
    return new ErrorContext(tenantId, method, path, id, userId, reference);
  }

  public ErrorContext withTenant(UUID id) {
    return new ErrorContext(id, method, path, eventId, userId, reference);
  }

  /** This context about a webhook event, and the reference it belongs to (may be null). */
  public ErrorContext withEvent(String id, String ref) {
    return new ErrorContext(tenantId, method, path, id, userId, ref);
  }
}
