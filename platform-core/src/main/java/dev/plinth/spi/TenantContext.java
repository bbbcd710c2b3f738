package dev.plinth.spi;

import java.util.UUID;

/** The tenant that the current request or job runs for, as the host resolved it. */
public interface TenantContext {

  UUID tenantId();

  String slug();

  /** The vertical the tenant is onboarded onto. */
  String verticalId();

  /** The tenant's owner email, for notifications. */
  String ownerEmail();

  /** Who is calling. */
  Actor actor();

  /**
   * The platform's public base URL ({@code PLINTH_PUBLIC_URL}, no trailing slash), for links that
   * customers and Stripe follow back, such as a checkout's success URL.
   */
  String publicUrl();

  /** Whether a tenant is bound at all; false outside a tenant request or job. */
  boolean isBound();

  /**
   * Fails with 401 {@code unauthorized} unless the caller presented the tenant's API key or the
   * admin token. Customer-facing endpoints do not call this.
   */
  default void requireOwner() {
    if (actor() != Actor.TENANT && actor() != Actor.ADMIN && actor() != Actor.SYSTEM) {
      throw ApiException.unauthorized("this endpoint needs the tenant's API key");
    }
  }
}
