package dev.plinth.probe.echo;

import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A second test vertical with no data, to prove that verticals do not answer for each other. Its
 * one job, {@code visit}, which only the tests run, remembers (in memory) every tenant it ran for.
 */
@ApplicationScoped
public class EchoVertical implements PlinthVertical {

  public static final String ID = "echo";

  /** The slugs of the tenants that {@code visit} ran for. */
  static final Set<String> VISITED = ConcurrentHashMap.newKeySet();

  @Inject TenantContext tenant;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String name() {
    return "Echo";
  }

  @Override
  public EntityManager entityManager() {
    return null;
  }

  @Override
  public Class<?> rootResource() {
    return EchoResource.class;
  }

  @Override
  public List<TenantJob> jobs() {
    return List.of(new TenantJob("visit", Duration.ofDays(365), () -> VISITED.add(tenant.slug())));
  }
}
