package dev.plinth.spi;

/** Who is behind a request or job. */
public enum Actor {
  /** A platform admin, with the admin token. */
  ADMIN,
  /** The tenant business, with its API key. */
  TENANT,
  /**
   * One of the tenant's end users, with a session token that the tenant's backend asked for ({@code
   * POST /api/tenants/{slug}/user-sessions}); {@link TenantContext#user()} names them.
   */
  USER,
  /** An end customer or any anonymous caller. */
  CUSTOMER,
  /** The platform itself: webhook workers and scheduled jobs. */
  SYSTEM
}
