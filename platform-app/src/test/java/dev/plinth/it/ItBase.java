package dev.plinth.it;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.TestTenant;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP integration tests against the deployed war, each making its own tenants. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ItBase {

  static final String ADMIN = PlinthDeployment.ADMIN_TOKEN;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return PlinthDeployment.withProbe();
  }

  @ArquillianResource URL base;

  PlinthClient client;

  @BeforeEach
  void connect() throws Exception {
    client = new PlinthClient(base.toURI());
    // Stripe is there for every test, whatever the order the classes run in
    SimulatedStripe.get();
    Readiness.await(client);
  }

  /** The probe vertical's notes of a tenant: its handlers' visible effects. */
  List<String> notes(TestTenant t) {
    return client
        .get("api/t/" + t.slug() + "/probe/notes", t.apiKey())
        .json()
        .getJsonArray("notes")
        .stream()
        .map(n -> n.asJsonObject().getString("body"))
        .toList();
  }
}
