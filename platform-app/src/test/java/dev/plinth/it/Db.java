package dev.plinth.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Direct access to the test database as the superuser, which row-level security does not bind, to
 * check what is stored at rest.
 */
final class Db {

  private Db() {}

  static Connection owner() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + Integer.getInteger("plinth.it.dbPort", 55442) + "/plinth",
        "postgres",
        "postgres");
  }

  static String ownerQuery(String sql, String... params) throws SQLException {
    try (Connection c = owner();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Deletes events a test wrote straight into the log (they have no attempts). */
  static void deleteEvents(String... eventIds) throws SQLException {
    try (Connection c = owner();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM core.webhook_events WHERE event_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", eventIds));
      ps.executeUpdate();
    }
  }

  /** Runs an update as the superuser, with {@code setObject} parameters; returns the row count. */
  static int ownerUpdate(String sql, Object... params) throws SQLException {
    try (Connection c = owner();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }
}
