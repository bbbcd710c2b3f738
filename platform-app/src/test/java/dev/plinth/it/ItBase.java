package dev.plinth.it;

import dev.plinth.testkit.PlinthClient;
import java.net.URL;
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
    Readiness.await(client);
  }
}
