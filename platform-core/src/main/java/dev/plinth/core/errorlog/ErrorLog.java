package dev.plinth.core.errorlog;

import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The platform error log. Recording never throws: if the database cannot take the entry, it goes to
 * the server log instead, under the same id, so that an {@code errorId} given to a client can
 * always be found.
 */
@ApplicationScoped
public class ErrorLog implements ErrorReporter {

  private static final Logger LOG = Logger.getLogger(ErrorLog.class.getName());
  private static final int MAX_MESSAGE = 2_000;
  private static final int MAX_TRACE = 16_000;

  @Inject ErrorLogWriter writer;

  @Inject Clock clock;

  @Inject RequestInfo request;

  @Inject CurrentTenant tenant;

  /** Records an entry with the current request's context; returns the entry's id. */
  public String record(Severity severity, Category category, String message, Throwable cause) {
    return record(severity, category, message, cause, currentContext());
  }

  /** Records an entry with an explicit context; returns the entry's id. */
  public String record(
      Severity severity, Category category, String message, Throwable cause, ErrorContext ctx) {
    UUID id = UUID.randomUUID();
    String text = truncate(message == null ? String.valueOf(cause) : message, MAX_MESSAGE);
    try {
      UUID stored =
          writer.write(
              id,
              severity.name().toLowerCase(Locale.ROOT),
              category,
              text,
              cause == null ? null : cause.getClass().getName(),
              cause == null ? null : truncate(stackTrace(cause), MAX_TRACE),
              ctx,
              Fingerprints.of(category, text, cause),
              clock.instant());
      return stored.toString();
    } catch (Throwable e) {
      LOG.log(
          Level.SEVERE,
          "error "
              + id
              + " ["
              + severity
              + "/"
              + category
              + "] "
              + text
              + " "
              + ctx
              + " (not in the error log: "
              + e.getClass().getSimpleName()
              + ")",
          cause);
      return id.toString();
    }
  }

  @Override
  public String report(Severity severity, String message, Throwable cause) {
    return record(severity, Category.vertical, message, cause);
  }

  /**
   * The context of the current request and tenant, or of the webhook event being processed (with
   * its reference), or none outside either.
   */
  public ErrorContext currentContext() {
    UUID tenantId = null;
    String method = null;
    String path = null;
    String user = null;
    String eventId = null;
    String reference = null;
    try {
      if (tenant.isBound()) {
        tenantId = tenant.tenantId();
      }
      method = request.method();
      path = request.path();
      user = request.user();
      eventId = request.eventId();
      reference = request.reference();
    } catch (ContextNotActiveException e) {
      // not in a request: a job or worker supplies its own context
    }
    return new ErrorContext(tenantId, method, path, eventId, user, reference);
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
