package dev.plinth.testkit.it;

import java.util.ServiceLoader;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What {@link PlinthIt} deploys: the build that runs the integration tests registers one through
 * {@code META-INF/services/dev.plinth.testkit.it.ItDeployment} (the real Plinth war plus the
 * verticals under test), so that every IT class, whichever module it comes from, deploys the same
 * archive and they all share one Liberty.
 */
public interface ItDeployment {

  WebArchive build();

  /** The registered deployment. */
  static WebArchive load() {
    return ServiceLoader.load(ItDeployment.class)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no dev.plinth.testkit.it.ItDeployment is registered on the test classpath"))
        .build();
  }
}
