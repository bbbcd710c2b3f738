package dev.plinth.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployment every integration test uses: the real Plinth war as the build packed it, plus the
 * test-only probe vertical as a jar of its own in WEB-INF/lib, as a real vertical would be.
 */
final class PlinthDeployment {

  static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdef";

  private PlinthDeployment() {}

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
    return war.addAsLibrary(probe);
  }

  static int httpPort() {
    return Integer.getInteger("plinth.it.httpPort", 19080);
  }

  static int dbControlPort() {
    return Integer.getInteger("plinth.it.dbControlPort", 55444);
  }
}
