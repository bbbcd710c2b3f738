package dev.plinth.spi;

/**
 * The platform error log, as verticals see it. Entries carry the current tenant, request and event,
 * are grouped by fingerprint, and are visible to admins and to the tenant. Reporting never throws.
 */
public interface ErrorReporter {

  /** Records an entry in the {@code vertical} category and returns its id. */
  String report(Severity severity, String message, Throwable cause);

  default String report(Severity severity, String message) {
    return report(severity, message, null);
  }
}
