package dev.plinth.core.tenancy;

import dev.plinth.spi.Actor;
import dev.plinth.spi.EndUser;
import dev.plinth.spi.TenantContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * The tenant of the current request or job. The core binds it after it has resolved and authorised
 * the tenant; verticals see it as {@link TenantContext}. Workers and jobs activate a request
 * context of their own, so a tenant never outlives its unit of work.
 */
@RequestScoped
public class CurrentTenant implements TenantContext {

  private UUID tenantId;
  private String slug;
  private String verticalId;
  private String ownerEmail;
  private Actor actor = Actor.CUSTOMER;
  private EndUser user;

  @jakarta.inject.Inject dev.plinth.core.config.PlinthConfig config;

  @Override
  public String publicUrl() {
    return config.publicUrl();
  }

  public void bind(UUID tenantId, String slug, String verticalId, String ownerEmail, Actor actor) {
    if (this.tenantId != null && !this.tenantId.equals(tenantId)) {
      throw new IllegalStateException("a different tenant is already bound to this request");
    }
    this.tenantId = tenantId;
    this.slug = slug;
    this.verticalId = verticalId;
    this.ownerEmail = ownerEmail;
    this.actor = actor;
    this.user = null;
  }

  /** Binds the tenant for one of its end users, whose session token the host has verified. */
  public void bindUser(
      UUID tenantId, String slug, String verticalId, String ownerEmail, EndUser u) {
    bind(tenantId, slug, verticalId, ownerEmail, Actor.USER);
    this.user = u;
  }

  /** Forgets the tenant: a worker's unit of work is over. */
  public void unbind() {
    tenantId = null;
    slug = null;
    verticalId = null;
    ownerEmail = null;
    actor = Actor.CUSTOMER;
    user = null;
  }

  @Override
  public boolean isBound() {
    return tenantId != null;
  }

  @Override
  public UUID tenantId() {
    requireBound();
    return tenantId;
  }

  @Override
  public String slug() {
    requireBound();
    return slug;
  }

  @Override
  public String verticalId() {
    requireBound();
    return verticalId;
  }

  @Override
  public String ownerEmail() {
    requireBound();
    return ownerEmail;
  }

  @Override
  public Actor actor() {
    return actor;
  }

  @Override
  public Optional<EndUser> user() {
    return Optional.ofNullable(user);
  }

  private void requireBound() {
    if (tenantId == null) {
      throw new NoTenantException();
    }
  }
}
