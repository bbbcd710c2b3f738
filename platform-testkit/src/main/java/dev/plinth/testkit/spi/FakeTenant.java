package dev.plinth.testkit.spi;

import dev.plinth.spi.Actor;
import dev.plinth.spi.EndUser;
import dev.plinth.spi.TenantContext;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link TenantContext} for unit tests of a vertical's services: one tenant, bound, acting as the
 * tenant unless told otherwise.
 */
public final class FakeTenant implements TenantContext {

  private final UUID id = UUID.randomUUID();
  private final String slug;
  private final String verticalId;
  private Actor actor = Actor.TENANT;
  private EndUser user;

  public FakeTenant(String slug, String verticalId) {
    this.slug = slug;
    this.verticalId = verticalId;
  }

  /** Calls come from {@code actor} from now on (not {@link Actor#USER}: see {@link #asUser}). */
  public FakeTenant as(Actor actor) {
    this.actor = actor;
    this.user = null;
    return this;
  }

  /** Calls come from this end user, with a session token, from now on. */
  public FakeTenant asUser(String userRef, String email) {
    this.actor = Actor.USER;
    this.user = new EndUser(userRef, email, null);
    return this;
  }

  @Override
  public UUID tenantId() {
    return id;
  }

  @Override
  public String slug() {
    return slug;
  }

  @Override
  public String verticalId() {
    return verticalId;
  }

  @Override
  public String ownerEmail() {
    return "owner@" + slug + ".example";
  }

  @Override
  public Actor actor() {
    return actor;
  }

  @Override
  public Optional<EndUser> user() {
    return Optional.ofNullable(user);
  }

  @Override
  public String publicUrl() {
    return "https://plinth.example";
  }

  @Override
  public boolean isBound() {
    return true;
  }
}
