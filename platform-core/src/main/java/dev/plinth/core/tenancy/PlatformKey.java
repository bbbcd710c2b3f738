package dev.plinth.core.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The secret that admits a transaction to the platform scope in the core tables' row-level security
 * policies. It lives in {@code core.platform_key}, which only the owner role can read; the core
 * reads it once through the migration connection and keeps it here, out of reach of vertical code,
 * which can neither import this class nor read that table.
 */
@ApplicationScoped
public class PlatformKey {

  private volatile String key;

  /** Reads the key as the owner role; called once migrations have run. */
  public void load(DataSource ownerDataSource) {
    try (Connection c = ownerDataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT key FROM core.platform_key WHERE id = 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("core.platform_key is empty");
      }
      key = rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  Optional<String> get() {
    return Optional.ofNullable(key);
  }
}
