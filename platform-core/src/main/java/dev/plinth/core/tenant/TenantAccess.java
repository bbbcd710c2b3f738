package dev.plinth.core.tenant;

import dev.plinth.core.security.Caller;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Decides which tenant a request may touch. A tenant key on another tenant's path gets 404, not
 * 403, so that other tenants' existence does not leak.
 */
@ApplicationScoped
public class TenantAccess {

  @Inject Caller caller;

  @Inject TenantCache cache;

  @Inject ScopedTransactions transactions;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  public void requireAdmin() {
    if (!caller.isAdmin()) {
      throw ApiException.unauthorized("this endpoint needs the admin token");
    }
  }

  public void requireAuthenticated() {
    if (caller.isAnonymous()) {
      throw ApiException.unauthorized(
          "this endpoint needs the tenant's API key or the admin token");
    }
  }

  /**
   * Whether the caller may give the tenant these Stripe settings. In Connect mode the platform's
   * key acts for whichever account the tenant names, reading its events and refunding its payments,
   * so choosing Connect mode, binding an account id or leaving Connect are admin actions. A tenant
   * may only replace its own direct key.
   *
   * @throws ApiException 403 {@code forbidden} for a tenant that tries more
   */
  public void requireMayReplaceStripe(Tenant tenant, StripeSettings wanted) {
    if (caller.isAdmin()
        || (tenant.stripeMode() == Tenant.StripeMode.direct
            && wanted.mode() == Tenant.StripeMode.direct)) {
      return;
    }
    throw new ApiException(
        403,
        "forbidden",
        "choosing Stripe Connect mode or binding a connected account is an admin action; a tenant"
            + " may only replace its own direct secret key");
  }

  /** The tenant, for its owner or an admin; 401 for anyone else, 404 for other tenants. */
  public Tenant requireOwnerOf(String slug) {
    requireAuthenticated();
    return visible(slug);
  }

  /**
   * The tenant, for anyone allowed to see that it exists: admins, the tenant itself and anonymous
   * callers (customers). Another tenant's key gets 404.
   */
  public Tenant visible(String slug) {
    Tenant tenant = findBySlug(slug).orElseThrow(() -> notFound(slug));
    if (caller.isTenant() && !tenant.id().equals(caller.tenantId())) {
      throw notFound(slug);
    }
    return tenant;
  }

  /**
   * The id of the tenant an admin filter names by slug: null when no filter is given, 404 for a
   * slug that names no tenant.
   */
  public java.util.UUID filterTenantId(String slug) {
    if (slug == null || slug.isBlank()) {
      return null;
    }
    return findBySlug(slug)
        .map(Tenant::id)
        .orElseThrow(() -> ApiException.notFound("no tenant '" + slug + "'"));
  }

  /** Slug lookup, a platform-scope read, cached for a few seconds (see {@link TenantCache}). */
  public Optional<Tenant> findBySlug(String slug) {
    if (slug == null || !TenantRules.SLUG.matcher(slug).matches()) {
      return Optional.empty();
    }
    return cache.bySlug(
        slug,
        () ->
            transactions.inPlatform(
                () ->
                    em.createNamedQuery("Tenant.findBySlug", Tenant.class)
                        .setParameter("slug", slug)
                        .getResultStream()
                        .findFirst()));
  }

  private static ApiException notFound(String slug) {
    return ApiException.notFound("no tenant '" + slug + "'");
  }
}
