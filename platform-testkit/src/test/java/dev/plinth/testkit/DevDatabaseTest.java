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
  void aServerThatAKilledRunLeftRunningIsStoppedAndReplacedAndTheDataSurvives() throws Exception {
    int port = freePort();
    DevDatabase.start(dir, port, DevDatabase.Durability.RUN);
    try (Connection c = admin(port);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE acknowledged (v text)");
      s.execute("INSERT INTO acknowledged VALUES ('event 1')");
    }
    // the run is killed: nothing stops the server, which pg_ctl started in a session of its own
    long orphan = postmasterPid();
    assertThat(ProcessHandle.of(orphan)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      DevDatabase.start(dir, port, DevDatabase.Durability.RUN);
    } finally {
      System.setOut(stdout);
    }
    try (Connection c = admin(port);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM acknowledged")) {
      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("found PostgreSQL (pid " + orphan + ") left running on")
          .contains("stopping it (fast shutdown) and starting afresh");
      assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(postmasterPid()).isNotEqualTo(orphan);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("event 1");
    } finally {
      DevDatabase.stop(dir);
    }
  }

  @Test
  void theRunCommandRefusesATakenPortNamingItsProcess() throws Exception {
    String self = "pid " + ProcessHandle.current().pid();
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  DevDatabase.preflight(
                      Map.of("PLINTH_HTTP_PORT", "" + port, MONITORING, free()),
                      freePort(),
                      freePort()))
          .hasMessageContaining(
              "port " + port + " (Plinth's HTTP port) is already in use by " + self)
          .hasMessageContaining("PLINTH_HTTP_PORT=<port>");
      String http = "" + freePort();
      assertThatThrownBy(
              () ->
                  DevDatabase.preflight(
                      Map.of("PLINTH_HTTP_PORT", http, MONITORING, free()), freePort(), port))
          .hasMessageContaining("port " + port + " (the Stripe simulator's port)")
          .hasMessageContaining(self);
      assertThat(
              DevDatabase.preflight(
                  Map.of(
                      "PLINTH_HTTP_PORT",
                      http,
                      MONITORING,
                      free(),
                      "STRIPE_API_BASE",
                      "https://api.stripe.com"),
                  freePort(),
                  port))
          .as("with a Stripe of the user's own, the simulator's port is not needed")
          .isTrue();
      assertThatThrownBy(
              () ->
                  DevDatabase.preflight(
                      Map.of("PLINTH_HTTP_PORT", http, MONITORING, free()), port, freePort()))
          .hasMessageContaining("port " + port + " (the embedded PostgreSQL's port)")
          .hasMessageContaining(self);
      assertThatThrownBy(
              () ->
                  DevDatabase.preflight(
                      Map.of("PLINTH_HTTP_PORT", http, MONITORING, "" + port),
                      freePort(),
                      freePort()))
          .hasMessageContaining("port " + port + " (Liberty's monitoring port)")
          .hasMessageContaining("PLINTH_MONITORING_PORT=<port>");
    }
  }

  @Test
  void anExternalDatabaseNeedsItsPasswordsAndTheSecretsAndNoEmbeddedOne() throws Exception {
    String http = "" + freePort();
    int db = freePort();
    int sim = freePort();
    Map<String, String> complete =
        new java.util.HashMap<>(
            Map.of(
                "PLINTH_HTTP_PORT", http,
                "PLINTH_DB_URL", "jdbc:postgresql://db/x",
                "PLINTH_DB_PASSWORD", "app-secret",
                "PLINTH_DB_MIGRATION_PASSWORD", "owner-secret",
                "PLINTH_ADMIN_TOKEN", "0123456789abcdef0123",
                "PLINTH_SECRETS_KEY", "MDEyMzQ1Njc4OWFiY2RlZg==",
                "PLINTH_SESSION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));
    complete.put(MONITORING, free());
    assertThatThrownBy(
            () ->
                DevDatabase.preflight(
                    Map.of(
                        "PLINTH_HTTP_PORT",
                        http,
                        MONITORING,
                        free(),
                        "PLINTH_DB_URL",
                        "jdbc:postgresql://db/x"),
                    db,
                    sim))
        .hasMessageContaining(
            "PLINTH_DB_PASSWORD, PLINTH_DB_MIGRATION_PASSWORD, PLINTH_ADMIN_TOKEN,"
                + " PLINTH_SECRETS_KEY, PLINTH_SESSION_KEY are required");
    Map<String, String> withoutKey = new java.util.HashMap<>(complete);
    withoutKey.remove("PLINTH_SECRETS_KEY");
    assertThatThrownBy(() -> DevDatabase.preflight(withoutKey, db, sim))
        .hasMessageContaining("so PLINTH_SECRETS_KEY is required");
    assertThat(DevDatabase.preflight(complete, db, sim))
        .as("an external database needs no embedded one")
        .isFalse();
    assertThat(DevDatabase.preflight(Map.of("PLINTH_HTTP_PORT", http, MONITORING, free()), db, sim))
        .isTrue();
  }

  private long postmasterPid() throws Exception {
    return Long.parseLong(
        java.nio.file.Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"))
            .get(0)
            .trim());
  }

  private static Connection admin(int port) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/plinth", "postgres", "postgres");
  }

  private static Connection app(int port) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/plinth", "plinth_app", "plinth_app");
  }

  /** Every preflight here names a free monitoring port: a local run on this host holds 9081. */
  private static final String MONITORING = "PLINTH_MONITORING_PORT";

  private static String free() throws Exception {
    return "" + freePort();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
