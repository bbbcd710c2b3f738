package dev.plinth.spi;

import dev.plinth.spi.web.ApiException;
import java.util.Optional;
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
   * The end user behind the request: present exactly when {@link #actor()} is {@link Actor#USER}.
   * The host has checked the session token (signature, expiry, tenant, session epoch) and that the
   * user still exists.
   */
  Optional<EndUser> user();

  /**
   * The platform's public base URL ({@code PLINTH_PUBLIC_URL}, no trailing slash), for links that
   * customers and Stripe follow back, such as a checkout's success URL.
   */
  String publicUrl();

  /** Whether a tenant is bound at all; false outside a tenant request or job. */
  boolean isBound();

  /**
   * The absolute URL of one of the vertical's pages (see {@link PlinthVertical#pages()}): {@code
   * pageUrl("")} is the tenant's front page, {@code pageUrl("success?session_id=...")} another page
   * with a query. The page name is not escaped; a query value that comes from a caller must be.
   */
  default String pageUrl(String page) {
    return publicUrl() + "/t/" + slug() + (page.isEmpty() ? "" : "/" + page);
  }

  /**
   * The vertical's {@code success} page with the Checkout Session's id in its query, a checkout's
   * usual success URL (Stripe fills in {@code {CHECKOUT_SESSION_ID}}).
   */
  default String successPageUrl() {
    return pageUrl("success?session_id={CHECKOUT_SESSION_ID}");
  }

  /** The absolute URL of one of the vertical's API paths, such as {@code apiUrl("portal")}. */
  default String apiUrl(String path) {
    return publicUrl()
        + "/api/t/"
        + slug()
        + "/"
        + verticalId()
        + (path.isEmpty() ? "" : "/" + path);
  }

  /**
   * Fails with 401 {@code unauthorized} unless the caller presented the tenant's API key or the
   * admin token. Customer-facing endpoints do not call this.
   */
  default void requireOwner() {
    if (actor() != Actor.TENANT && actor() != Actor.ADMIN && actor() != Actor.SYSTEM) {
      throw ApiException.unauthorized("this endpoint needs the tenant's API key");
    }
  }

  /**
   * For endpoints about one end user ({@code .../users/{userRef}/...}): the tenant (or an admin)
   * may act for any user; a user's session token only for its own {@code userRef}, and another
   * user's path answers 404 as if it did not exist. Anyone else gets 401. Returns the {@code
   * userRef}.
   */
  default String requireUserOrOwner(String userRef) {
    if (actor() == Actor.TENANT || actor() == Actor.ADMIN || actor() == Actor.SYSTEM) {
      return userRef;
    }
    if (actor() == Actor.USER) {
      if (user().map(EndUser::userRef).filter(r -> r.equals(userRef)).isEmpty()) {
        throw ApiException.notFound("no user " + userRef);
      }
      return userRef;
    }
    throw ApiException.unauthorized("this endpoint needs a user's session token or the API key");
  }
}
