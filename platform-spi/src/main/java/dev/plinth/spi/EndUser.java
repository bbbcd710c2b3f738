package dev.plinth.spi;

/**
 * One of a tenant's end users, from the host's registry ({@code PUT
 * /api/tenants/{slug}/users/{userRef}}). The tenant names its users by its own reference; Plinth
 * keeps the email (for receipts and notices) and an optional name.
 *
 * @param userRef the tenant's reference: 1-128 characters of {@code [A-Za-z0-9_.:@-]}
 * @param email where notices go
 * @param name a display name, or null
 */
public record EndUser(String userRef, String email, String name) {

  /** What a {@code userRef} may be. */
  public static final java.util.regex.Pattern REF =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");
}
