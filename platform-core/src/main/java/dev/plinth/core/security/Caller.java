package dev.plinth.core.security;

import dev.plinth.spi.Actor;
import dev.plinth.spi.EndUser;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Who presented what on the current request; set by {@link AuthenticationFilter} (and {@link
 * AdminSessionFilter} for the admin console's cookie).
 */
@RequestScoped
public class Caller {

  public enum Kind {
    ADMIN,
    TENANT,
    /** One of a tenant's end users, with a session token (see {@link SessionTokens}). */
    USER,
    ANONYMOUS
  }

  private Kind kind = Kind.ANONYMOUS;
  private UUID tenantId;
  private EndUser user;
  private String adminSession;
  private String consoleSession;

  void admin() {
    kind = Kind.ADMIN;
    tenantId = null;
    user = null;
    adminSession = null;
  }

  /** The admin, signed in to the console: {@code idHash} names the session (see AdminSessions). */
  void adminBySession(String idHash) {
    admin();
    adminSession = idHash;
  }

  void tenant(UUID id) {
    kind = Kind.TENANT;
    tenantId = id;
    user = null;
    consoleSession = null;
  }

  /** The tenant, signed in to its own console: {@code idHash} names the session. */
  void tenantByConsole(UUID id, String idHash) {
    tenant(id);
    consoleSession = idHash;
  }

  void user(UUID id, EndUser endUser) {
    kind = Kind.USER;
    tenantId = id;
    user = endUser;
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

  public boolean isUser() {
    return kind == Kind.USER;
  }

  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  /**
   * The tenant whose key or user session token was presented; null for admins and anonymous
   * callers. A caller with a tenant id may touch no other tenant.
   */
  public UUID tenantId() {
    return tenantId;
  }

  /**
   * The SHA-256 (hex) of the admin session whose cookie authenticated this request; empty for the
   * admin token and every other caller.
   */
  public Optional<String> adminSession() {
    return Optional.ofNullable(adminSession);
  }

  /**
   * The SHA-256 (hex) of the tenant console session whose cookie authenticated this request; empty
   * for a tenant's API key and every other caller.
   */
  public Optional<String> consoleSession() {
    return Optional.ofNullable(consoleSession);
  }

  /** The end user whose session token was presented; null for any other caller. */
  public EndUser user() {
    return user;
  }

  /**
   * The SPI's actor for this caller at the tenant it may see: anonymous callers are customers. The
   * only place that maps callers to actors.
   */
  public Actor actor() {
    return switch (kind) {
      case ADMIN -> Actor.ADMIN;
      case TENANT -> Actor.TENANT;
      case USER -> Actor.USER;
      case ANONYMOUS -> Actor.CUSTOMER;
    };
  }
}
