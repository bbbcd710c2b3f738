package dev.plinth.core.vertical;

import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.billing.StripeEventHandler;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The installed verticals, discovered through CDI and indexed by their module id. */
@ApplicationScoped
public class VerticalRegistry {

  /** Path segments and schemas the core keeps for itself. */
  static final Set<String> RESERVED_IDS =
      Set.of(
          "core",
          "public",
          "admin",
          "api",
          "errors",
          "webhooks",
          "payments",
          "health",
          "connect",
          "tenants",
          "verticals",
          "flyway",
          "pg_catalog",
          "information_schema");

  @Inject @Any Instance<PlinthVertical> discovered;

  private volatile Map<String, PlinthVertical> byId;

  /** Each vertical by its root resource class, for {@link TenantAreaFilter}. */
  private volatile Map<Class<?>, PlinthVertical> byResource;

  /** Each vertical's Stripe event handlers, copied once at start-up: events look them up here. */
  private volatile Map<String, Map<String, StripeEventHandler>> handlers;

  /** Indexes the verticals; fails with a clear message on a bad or duplicate id. */
  public synchronized void initialise() {
    if (byId == null) {
      Map<String, PlinthVertical> verticals = index(discovered.stream().toList());
      Map<String, Map<String, StripeEventHandler>> copied = new LinkedHashMap<>();
      verticals.forEach((id, v) -> copied.put(id, Map.copyOf(v.eventHandlers())));
      handlers = Collections.unmodifiableMap(copied);
      byResource = resources(verticals);
      byId = verticals;
    }
  }

  /** The vertical's handler for an event type, or null when it handles none. */
  public StripeEventHandler handler(String verticalId, String type) {
    initialise();
    Map<String, StripeEventHandler> of = handlers.get(verticalId);
    return of == null ? null : of.get(type);
  }

  /** The event types a vertical handles, sorted. */
  public java.util.SortedSet<String> eventTypes(String verticalId) {
    initialise();
    return new java.util.TreeSet<>(handlers.getOrDefault(verticalId, Map.of()).keySet());
  }

  static Map<String, PlinthVertical> index(List<PlinthVertical> verticals) {
    Map<String, PlinthVertical> result = new TreeMap<>();
    for (PlinthVertical v : verticals) {
      String id = v.id();
      if (id == null || !PlinthVertical.ID_PATTERN.matcher(id).matches()) {
        throw new IllegalStateException(
            "vertical "
                + v.name()
                + " has the id '"
                + id
                + "'; an id is lowercase letters, digits and underscores, starting with a letter");
      }
      if (RESERVED_IDS.contains(id)) {
        throw new IllegalStateException("vertical id '" + id + "' is reserved by the core");
      }
      PlinthVertical previous = result.putIfAbsent(id, v);
      if (previous != null) {
        throw new IllegalStateException(
            "two installed verticals share the id '"
                + id
                + "': "
                + previous.name()
                + " and "
                + v.name()
                + ". Each vertical needs its own id; remove one of them from the application.");
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(result));
  }

  /**
   * Each vertical's root resource, which must be served in the tenant area at the vertical's own
   * path: {@code @Path(TenantArea.PATH + id)} and {@code @TenantArea}. A vertical without an HTTP
   * API has none.
   */
  static Map<Class<?>, PlinthVertical> resources(Map<String, PlinthVertical> verticals) {
    Map<Class<?>, PlinthVertical> result = new LinkedHashMap<>();
    verticals.forEach(
        (id, v) -> {
          Class<?> root = v.rootResource();
          if (root == null) {
            return;
          }
          Path path = root.getAnnotation(Path.class);
          String expected = TenantArea.PATH + id;
          if (path == null
              || !strip(path.value()).equals(expected)
              || !root.isAnnotationPresent(TenantArea.class)) {
            throw new IllegalStateException(
                "the root resource of vertical '"
                    + id
                    + "', "
                    + root.getName()
                    + ", must be annotated @Path(\""
                    + expected
                    + "\") and @TenantArea");
          }
          result.put(root, v);
        });
    return Collections.unmodifiableMap(result);
  }

  private static String strip(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /**
   * The vertical whose root resource {@code resource} is (or a subclass of it, as a CDI proxy may
   * be); fails for a class that belongs to no vertical, which is a packaging mistake.
   */
  public PlinthVertical ofResource(Class<?> resource) {
    initialise();
    for (Class<?> c = resource; c != null; c = c.getSuperclass()) {
      PlinthVertical v = byResource.get(c);
      if (v != null) {
        return v;
      }
    }
    throw new IllegalStateException(
        resource.getName() + " is marked @TenantArea but is no installed vertical's root resource");
  }

  public Collection<PlinthVertical> all() {
    initialise();
    return byId.values();
  }

  public Set<String> ids() {
    initialise();
    return byId.keySet();
  }

  public Optional<PlinthVertical> find(String id) {
    initialise();
    return Optional.ofNullable(id).map(byId::get);
  }
}
