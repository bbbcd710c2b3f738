package dev.plinth.core.migration;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.db.DatabaseErrors;
import dev.plinth.core.tenancy.PlatformKey;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.PlinthVertical;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates every module's schema as the owner role: the core first, then each vertical in id order,
 * each with its own schema, its own Flyway history table and its own location {@code
 * db/migration/<id>}. After a vertical's migrations, the core puts row-level security on every
 * table of its schema (each must carry {@code tenant_id}) and grants the application role what it
 * needs. While the database cannot be reached, it retries on a schedule; a failed migration stops
 * there, and readiness names the module and version.
 */
@ApplicationScoped
public class MigrationService {

  private static final Logger LOG = Logger.getLogger(MigrationService.class.getName());
  static final String HISTORY_TABLE = "flyway_schema_history";

  @Resource(lookup = "jdbc/plinthMigration")
  DataSource ownerDataSource;

  @Resource(lookup = "concurrent/plinthScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject VerticalRegistry verticals;

  @Inject MigrationState state;

  @Inject PlinthConfig config;

  @Inject PlatformKey platformKey;

  /** Starts migrating in the background; returns at once. */
  public void start() {
    state.started();
    scheduler.execute(this::attempt);
  }

  private void attempt() {
    try {
      migrateAll();
    } catch (FailedMigration e) {
      LOG.severe(
          "Migration of module '"
              + e.module
              + "' failed at version "
              + e.version
              + ": "
              + e.getMessage()
              + ". Plinth stays not ready until this is fixed and it restarts.");
      state.failed(e.module, e.version, e.getMessage());
    } catch (RuntimeException e) {
      if (DatabaseErrors.isUnavailable(e)) {
        String why = "waiting for the database: " + DatabaseErrors.describe(e);
        LOG.warning(why + "; retrying in " + config.migrationRetry().toSeconds() + " s");
        state.waiting(why);
        scheduler.schedule(
            this::attempt, config.migrationRetry().toMillis(), TimeUnit.MILLISECONDS);
      } else {
        LOG.log(Level.SEVERE, "Migrations failed", e);
        state.failed("core", "?", DatabaseErrors.describe(e));
      }
    }
  }

  void migrateAll() {
    List<MigrationState.ModuleResult> results = new ArrayList<>();
    results.add(migrate("core", getClass().getClassLoader()));
    for (PlinthVertical v : verticals.all()) {
      results.add(migrate(v.id(), v.getClass().getClassLoader()));
      secureVerticalSchema(v.id());
    }
    platformKey.load(ownerDataSource);
    state.completed(results);
    LOG.info("Migrations complete: " + results);
  }

  private MigrationState.ModuleResult migrate(String module, ClassLoader loader) {
    Flyway flyway =
        Flyway.configure(loader)
            .dataSource(ownerDataSource)
            .schemas(module)
            .defaultSchema(module)
            .table(HISTORY_TABLE)
            .locations("classpath:db/migration/" + module)
            .failOnMissingLocations(true)
            .placeholders(Map.of("appRole", quoteIdent(config.dbUser())))
            .load();
    try {
      MigrateResult result = flyway.migrate();
      MigrationInfo current = flyway.info().current();
      return new MigrationState.ModuleResult(
          module,
          current == null ? "none" : current.getVersion().toString(),
          result.migrationsExecuted);
    } catch (FlywayException e) {
      if (DatabaseErrors.isUnavailable(e)) {
        throw e;
      }
      String version = "?";
      MigrationInfo[] pending = flyway.info().pending();
      if (pending.length > 0) {
        version = pending[0].getVersion().toString();
      }
      throw new FailedMigration(module, version, e.getMessage());
    }
  }

  /** Row-level security and grants on every table of a vertical's schema. */
  private void secureVerticalSchema(String schema) {
    String app = quoteIdent(config.dbUser());
    try (Connection c = ownerDataSource.getConnection()) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT t.table_name,"
                  + " EXISTS (SELECT 1 FROM information_schema.columns col"
                  + "  WHERE col.table_schema = t.table_schema AND col.table_name = t.table_name"
                  + "  AND col.column_name = 'tenant_id' AND col.is_nullable = 'NO')"
                  + " FROM information_schema.tables t"
                  + " WHERE t.table_schema = ? AND t.table_type = 'BASE TABLE'"
                  + " AND t.table_name <> ?")) {
        ps.setString(1, schema);
        ps.setString(2, HISTORY_TABLE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (!rs.getBoolean(2)) {
              throw new FailedMigration(
                  schema,
                  "-",
                  "table "
                      + schema
                      + "."
                      + rs.getString(1)
                      + " has no NOT NULL tenant_id column; every vertical table is tenant-owned");
            }
            tables.add(rs.getString(1));
          }
        }
      }
      try (Statement s = c.createStatement()) {
        String qs = quoteIdent(schema);
        s.execute("GRANT USAGE ON SCHEMA " + qs + " TO " + app);
        for (String table : tables) {
          String qt = qs + "." + quoteIdent(table);
          s.execute("ALTER TABLE " + qt + " ENABLE ROW LEVEL SECURITY");
          s.execute("ALTER TABLE " + qt + " FORCE ROW LEVEL SECURITY");
          s.execute("DROP POLICY IF EXISTS plinth_tenant_isolation ON " + qt);
          s.execute(
              "CREATE POLICY plinth_tenant_isolation ON "
                  + qt
                  + " USING (tenant_id = (SELECT core.current_tenant()))"
                  + " WITH CHECK (tenant_id = (SELECT core.current_tenant()))");
          s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + qt + " TO " + app);
        }
        s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + qs + " TO " + app);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static String quoteIdent(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A migration that ran and failed: not retried. */
  static final class FailedMigration extends RuntimeException {
    final String module;
    final String version;

    FailedMigration(String module, String version, String message) {
      super(message);
      this.module = module;
      this.version = version;
    }
  }
}
