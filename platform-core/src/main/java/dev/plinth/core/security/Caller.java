package dev.plinth.core.security;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** Who presented what on the current request; set by {@link AuthenticationFilter}. */
@RequestScoped
public class Caller {

  public enum Kind {
    ADMIN,
    TENANT,
    ANONYMOUS
  }

  private Kind kind = Kind.ANONYMOUS;
  private UUID tenantId;

  void admin() {
    kind = Kind.ADMIN;
    tenantId = null;
  }

  void tenant(UUID id) {
    kind = Kind.TENANT;
    tenantId = id;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isAdmin() {
    return kind == Kind.ADMIN;
  }

  public boolean isTenant() {
    return kind == Kind.TENANT;
  }

  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  /** The tenant whose key was presented; null for admins and anonymous callers. */
  public UUID tenantId() {
    return tenantId;
  }
}
