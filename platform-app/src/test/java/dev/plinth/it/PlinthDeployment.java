package dev.plinth.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployment every integration test uses (registered for {@code PlinthIt} as its {@code
 * ItDeployment}): the real Plinth war as the build packed it, plus the test-only probe vertical as
 * a jar of its own in WEB-INF/lib, as a real vertical would be.
 */
public final class PlinthDeployment implements dev.plinth.testkit.it.ItDeployment {

  static final String ADMIN_TOKEN = dev.plinth.testkit.it.PlinthIt.ADMIN;

  /** The seed behind {@code PLINTH_SESSION_KEY} in src/test/liberty/server.env. */
  static final String SESSION_KEY_SEED = "it-session-key-0123456789abcdef!";

  @Override
  public WebArchive build() {
    return withProbe();
  }

  static WebArchive withProbe() {
    return withProbe("plinth");
  }

  /** The same, under another archive name, for a class that deploys more than one variant. */
  static WebArchive withProbe(String name) {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, name + ".war")
            .merge(
                ShrinkWrap.createFromZipFile(
                    WebArchive.class,
                    new File(System.getProperty("plinth.it.war", "target/plinth.war"))));
    JavaArchive probe =
        ShrinkWrap.create(JavaArchive.class, "vertical-probe.jar")
            .addPackages(true, "dev.plinth.probe")
            .addAsManifestResource("probe/persistence.xml", "persistence.xml")
            .addAsManifestResource("probe/beans.xml", "beans.xml")
            .addAsResource("db/migration/probe/flyway.location")
            .addAsResource("db/migration/probe/V1__create_notes.sql")
            .addAsResource("db/migration/probe/V2__create_payment_events.sql")
            .addAsResource("db/migration/echo/flyway.location")
            .addAsResource("db/migration/echo/V1__create_echo_schema.sql");
    return war.addAsLibrary(probe).addAsLibrary(jarOf("dev.plinth.tipjar.TipjarModule"));
  }

  /**
   * The jar of a vertical on the test classpath, as its build packed it (the example vertical is a
   * test dependency: deployed for the tests, never packed in the war).
   */
  private static File jarOf(String moduleClass) {
    try {
      File f =
          new File(
              Class.forName(moduleClass)
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      if (!f.isFile()) {
        throw new IllegalStateException(moduleClass + " is not in a jar: run mvn verify, not test");
      }
      return f;
    } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static int httpPort() {
    return Integer.getInteger("plinth.it.httpPort", 19080);
  }

  /** Where Liberty itself answers /health and /metrics, on loopback (PLINTH_MONITORING_PORT). */
  static int monitoringPort() {
    return Integer.getInteger("plinth.it.monitoringPort", 19081);
  }

  static int dbControlPort() {
    return Integer.getInteger("plinth.it.dbControlPort", 55444);
  }
}
