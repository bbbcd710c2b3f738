package dev.plinth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DevDatabaseTest {

  @TempDir Path dir;

  @Test
  void dataSurvivesAStopAndAStart() throws Exception {
    int port = freePort();
    DevDatabase.start(dir, port, DevDatabase.Durability.TEST);
    try (Connection c = app(port);
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE probe (x int)"); // the app role may connect but not create
    }
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/plinth", "postgres", "postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text)");
      s.execute("INSERT INTO kept VALUES ('still here')");
    }
    DevDatabase.stop(dir);
    assertThatThrownBy(() -> app(port).close()).hasMessageContaining("refused");

    DevDatabase.start(dir, port, DevDatabase.Durability.TEST);
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/plinth", "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("still here");
      try (ResultSet role =
          c.createStatement()
              .executeQuery(
                  "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'plinth_app'")) {
        assertThat(role.next()).isTrue();
        assertThat(role.getBoolean(1)).as("superuser").isFalse();
        assertThat(role.getBoolean(2)).as("bypassrls").isFalse();
      }
    } finally {
      DevDatabase.stop(dir);
    }
  }

  @ParameterizedTest
  @EnumSource(DevDatabase.Durability.class)
  void eachModeRunsWithTheDurabilitySettingsItPromises(DevDatabase.Durability durability)
      throws Exception {
    int port = freePort();
    DevDatabase.start(dir, port, durability);
    try (Connection c = admin(port);
        Statement s = c.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).as(setting).isEqualTo(durability.settings().get(setting));
        }
      }
    } finally {
      DevDatabase.stop(dir);
    }
    // whatever else a mode relaxes, a commit is acknowledged only once its WAL has left
    // PostgreSQL's memory, so that a killed backend loses nothing acknowledged
    assertThat(durability.settings()).containsEntry("synchronous_commit", "on");
  }

  @Test
  void theRunCommandIsDurableOnDisk() {
    assertThat(DevDatabase.Durability.RUN.settings())
        .containsEntry("fsync", "on")
        .containsEntry("full_page_writes", "on");
  }

  @Test
  void theRunCommandRefusesATakenPortAndAnExternalDatabaseWithoutSecrets() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(
              () -> DevDatabase.preflight(Map.of("PLINTH_HTTP_PORT", "" + taken.getLocalPort())))
          .hasMessageContaining("port " + taken.getLocalPort() + " is already in use");
    }
    String free = "" + freePort();
    assertThatThrownBy(
            () ->
                DevDatabase.preflight(
                    Map.of("PLINTH_HTTP_PORT", free, "PLINTH_DB_URL", "jdbc:postgresql://db/x")))
        .hasMessageContaining("PLINTH_ADMIN_TOKEN and PLINTH_SECRETS_KEY are required");
    assertThatThrownBy(
            () ->
                DevDatabase.preflight(
                    Map.of(
                        "PLINTH_HTTP_PORT", free,
                        "PLINTH_DB_URL", "jdbc:postgresql://db/x",
                        "PLINTH_ADMIN_TOKEN", "0123456789abcdef0123")))
        .hasMessageContaining("PLINTH_SECRETS_KEY is required");
    assertThat(
            DevDatabase.preflight(
                Map.of(
                    "PLINTH_HTTP_PORT", free,
                    "PLINTH_DB_URL", "jdbc:postgresql://db/x",
                    "PLINTH_ADMIN_TOKEN", "0123456789abcdef0123",
                    "PLINTH_SECRETS_KEY", "MDEyMzQ1Njc4OWFiY2RlZg==")))
        .as("an external database needs no embedded one")
        .isFalse();
    assertThat(DevDatabase.preflight(Map.of("PLINTH_HTTP_PORT", free))).isTrue();
  }

  private static Connection admin(int port) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/plinth", "postgres", "postgres");
  }

  private static Connection app(int port) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/plinth", "plinth_app", "plinth_app");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
