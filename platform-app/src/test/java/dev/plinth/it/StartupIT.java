package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.DatabaseProxyControl;
import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.Poll;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starting without a database, and starting with a migration that fails. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StartupIT {

  static final String PLAIN = "plain";
  static final String BROKEN = "broken";

  @Deployment(name = PLAIN, managed = false, testable = false)
  static WebArchive plain() {
    return PlinthDeployment.withProbe("plinth-plain");
  }

  @Deployment(name = BROKEN, managed = false, testable = false)
  static WebArchive broken() {
    JavaArchive vertical =
        ShrinkWrap.create(JavaArchive.class, "vertical-broken.jar")
            .addPackage("dev.plinth.brokenprobe")
            .addAsManifestResource("probe/beans.xml", "beans.xml")
            .addAsResource("db/migration/broken/flyway.location")
            .addAsResource("db/migration/broken/V1__create_things.sql")
            .addAsResource("db/migration/broken/V2__break_things.sql");
    return PlinthDeployment.withProbe("plinth-broken").addAsLibrary(vertical);
  }

  @ArquillianResource Deployer deployer;

  final DatabaseProxyControl proxy = new DatabaseProxyControl(PlinthDeployment.dbControlPort());
  final PlinthClient client =
      new PlinthClient(URI.create("http://localhost:" + PlinthDeployment.httpPort() + "/"));
  String deployed;

  @AfterEach
  void cleanUp() {
    proxy.restore();
    if (deployed != null) {
      deployer.undeploy(deployed);
    }
  }

  @Test
  void startsWithTheDatabaseDownAndBecomesReadyWhenItReturns() {
    proxy.cut();
    deployer.deploy(PLAIN);
    deployed = PLAIN;

    Reply down = await(r -> r.status() == 503 && r.body().contains("waiting for the database"));
    JsonObject migrations = check(down, "migrations");
    assertThat(migrations.getString("status")).isEqualTo("DOWN");
    assertThat(check(down, "database").getString("status")).isEqualTo("DOWN");
    assertThat(client.get("health/live", null).status()).isEqualTo(200);
    assertError(client.get("api/verticals", null), 503, "unavailable", null);

    proxy.restore();
    Reply up = await(r -> r.status() == 200);
    assertThat(check(up, "migrations").getString("status")).isEqualTo("UP");
    assertThat(client.get("api/verticals", null).status()).isEqualTo(200);
  }

  @Test
  void aFailedMigrationKeepsPlinthNotReadyAndNamesModuleAndVersion() {
    deployer.deploy(BROKEN);
    deployed = BROKEN;

    Reply down = await(r -> r.status() == 503 && r.body().contains("\"module\""));
    JsonObject data = check(down, "migrations").getJsonObject("data");
    assertThat(data.getString("module")).isEqualTo("broken");
    assertThat(data.getString("version")).isEqualTo("2");
    assertThat(data.getString("error")).contains("no_such_type");
    // never serve requests against a half-migrated schema
    assertError(client.get("api/verticals", null), 503, "unavailable", null);
  }

  /**
   * Plinth without a database password and an admin token, outside a local run. The server's
   * environment sets everything, so a configuration of the war's own, ranked above the environment,
   * erases the two (an empty value unsets a setting in MicroProfile Config). The war goes into the
   * server's dropins folder rather than through Arquillian, which would wait minutes for an
   * application that never starts.
   */
  @Test
  void refusesToStartOutsideALocalRunWithoutItsPasswordsAndAdminTokenSayingSoInOneLine()
      throws Exception {
    Path server =
        Path.of(System.getProperty("plinth.it.wlpHome", "target/liberty/wlp"))
            .resolve("usr/servers/plinth-it");
    Path log = server.resolve("logs/messages.log");
    Path war = server.resolve("dropins/plinth-unconfigured.war");
    JavaArchive erase =
        ShrinkWrap.create(JavaArchive.class, "erase-settings.jar")
            .addAsManifestResource(
                new StringAsset("config_ordinal=900\nPLINTH_DB_PASSWORD=\nPLINTH_ADMIN_TOKEN=\n"),
                "microprofile-config.properties");
    long before = Files.size(log);
    Files.createDirectories(war.getParent());
    PlinthDeployment.withProbe("plinth-unconfigured")
        .addAsLibrary(erase)
        .as(ZipExporter.class)
        .exportTo(war.toFile(), true);
    try {
      String written =
          Poll.until(
              Duration.ofSeconds(90),
              () -> written(log, before),
              w -> w.contains("CWWKZ0002E") || w.contains("CWWKZ0012I") || w.contains("CWWKZ0001I"),
              "the unconfigured application's start to end");
      assertThat(written)
          .contains(
              "Plinth cannot start: PLINTH_DB_PASSWORD, PLINTH_ADMIN_TOKEN are not set (required"
                  + " unless PLINTH_LOCAL_RUN=true)")
          .doesNotContain("CWWKZ0001I: Application plinth-unconfigured started");
      // the application does not serve, and the server is not ready: Liberty says so on its
      // monitoring port; on the HTTP port /health is Plinth's relay, so without Plinth, nothing
      assertThat(client.get("health/ready", null).status()).isEqualTo(404);
      PlinthClient monitoring =
          new PlinthClient(
              URI.create("http://127.0.0.1:" + PlinthDeployment.monitoringPort() + "/"));
      // Liberty takes in the failed start a moment after logging it (seen once under load: 200
      // right after CWWKZ0012I), so it is asked for a few seconds
      Poll.until(
          Duration.ofSeconds(15),
          () -> monitoring.get("health/ready", null).status(),
          status -> status == 503,
          "Liberty's readiness to say 503");
    } finally {
      Files.deleteIfExists(war);
    }
  }

  /** What the server logged after {@code offset} (all of it, if the log rolled over since). */
  static String written(Path log, long offset) throws java.io.IOException {
    byte[] all = Files.readAllBytes(log);
    int from = offset <= all.length ? (int) offset : 0;
    return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
  }

  static JsonObject check(Reply health, String name) {
    return health.json().getJsonArray("checks").stream()
        .map(v -> v.asJsonObject())
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + health.body()));
  }

  Reply await(Predicate<Reply> condition) {
    return Poll.until(
        Duration.ofSeconds(90), () -> client.get("health/ready", null), condition, "readiness");
  }
}
