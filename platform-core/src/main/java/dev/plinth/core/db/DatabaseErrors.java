package dev.plinth.core.db;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that cannot be reached from other failures. */
public final class DatabaseErrors {

  private DatabaseErrors() {}

  /**
   * True when the cause chain shows the database cannot be reached: a connection failure (SQL state
   * class 08), PostgreSQL shutting down (57P01-57P03), a socket error, or the pool timing out while
   * waiting for a connection.
   */
  public static boolean isUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
          return true;
        }
      }
      if (c instanceof SQLTransientConnectionException
          || c instanceof ConnectException
          || c instanceof SocketException) {
        return true;
      }
      String name = c.getClass().getName();
      if (name.endsWith("ConnectionWaitTimeoutException")
          || name.endsWith("ResourceAllocationException")) {
        return true;
      }
      String message = c.getMessage();
      if (message != null
          && (message.contains("Connection refused")
              || message.contains("connection attempt failed")
              || message.contains("This connection has been closed")
              || message.contains("An I/O error occurred"))) {
        return true;
      }
    }
    return false;
  }

  /** The most specific message in the cause chain, for readiness and logs. */
  public static String describe(Throwable t) {
    String message = t.getMessage();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getMessage();
      }
    }
    if (message == null) {
      return t.getClass().getSimpleName();
    }
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
