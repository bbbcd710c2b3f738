package dev.plinth.core.tenant;

import dev.plinth.core.security.Caller;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.spi.Actor;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Decides which tenant a request may touch. A tenant key (or an end user's session token) on
 * another tenant's path gets 404, not 403, so that other tenants' existence does not leak. An end
 * user's session token is never the tenant: the tenant-management endpoints refuse it with 401.
 */
@ApplicationScoped
public class TenantAccess {

  @Inject Caller caller;

  @Inject TenantCache cache;

  @Inject CurrentTenant currentTenant;

  @Inject ScopedTransactions transactions;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  public void requireAdmin() {
    if (!caller.isAdmin()) {
      throw ApiException.unauthorized("this endpoint needs the admin token");
    }
  }

  /** The admin or a tenant, by its API key; anyone else (end users too) gets 401. */
  public void requireAuthenticated() {
    if (!caller.isAdmin() && !caller.isTenant()) {
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
   * The tenant, for anyone allowed to see that it exists: admins, the tenant itself, its end users
   * and anonymous callers (customers). Another tenant's key or user session gets 404.
   */
  public Tenant visible(String slug) {
    Tenant tenant = findBySlug(slug).orElseThrow(() -> notFound(slug));
    if (caller.tenantId() != null && !tenant.id().equals(caller.tenantId())) {
      throw notFound(slug);
    }
    return tenant;
  }

  /**
   * Binds a tenant that {@link #visible} returned to the request, with the caller's actor ({@link
   * Caller#actor()}) and, for an end user, the user. A suspended tenant refuses its customers and
   * end users with 403 {@code tenant_suspended}; its owner and admins still get in.
   */
  public void bindCaller(Tenant tenant) {
    Actor actor = caller.actor();
    if (tenant.isSuspended() && (actor == Actor.CUSTOMER || actor == Actor.USER)) {
      throw new ApiException(403, "tenant_suspended", "this business is not taking requests");
    }
    if (actor == Actor.USER) {
      currentTenant.bindUser(
          tenant.id(), tenant.slug(), tenant.vertical(), tenant.ownerEmail(), caller.user());
    } else {
      currentTenant.bind(tenant.id(), tenant.slug(), tenant.vertical(), tenant.ownerEmail(), actor);
    }
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
