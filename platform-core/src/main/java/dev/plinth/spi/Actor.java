package dev.plinth.spi;

/** Who is behind a request or job. */
public enum Actor {
  /** A platform admin, with the admin token. */
  ADMIN,
  /** The tenant business, with its API key. */
  TENANT,
  /** An end customer or any anonymous caller. */
  CUSTOMER,
  /** The platform itself: webhook workers and scheduled jobs. */
  SYSTEM
}
