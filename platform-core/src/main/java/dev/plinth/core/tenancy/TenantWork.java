package dev.plinth.core.tenancy;

import dev.plinth.spi.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Runs platform work for one tenant (a webhook event, a scheduled job) outside any HTTP request: in
 * a request context of its own, with the tenant bound as {@link Actor#SYSTEM}, and nothing of it
 * left on the thread afterwards, so that a worker never carries one tenant into the next.
 */
@ApplicationScoped
public class TenantWork {

  @Inject CurrentTenant currentTenant;

  /** A controller per run: one instance shared by several worker threads is not safe. */
  @Inject Instance<RequestContextController> requestContexts;

  public void asSystem(
      UUID tenantId, String slug, String verticalId, String ownerEmail, Runnable work) {
    RequestContextController requestContext = requestContexts.get();
    boolean activated = requestContext.activate();
    try {
      currentTenant.unbind();
      currentTenant.bind(tenantId, slug, verticalId, ownerEmail, Actor.SYSTEM);
      work.run();
    } finally {
      currentTenant.unbind();
      if (activated) {
        requestContext.deactivate();
      }
      requestContexts.destroy(requestContext);
    }
  }
}
