package dev.plinth.core.vertical;

import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.billing.StripeEventHandler;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

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
          "console",
          "webhooks",
          "payments",
          "health",
          "connect",
          "tenants",
          "verticals",
          "flyway",
          "pg_catalog",
          "information_schema");

  /** The page name of the tenant's own console, served by the core at {@code /t/{slug}/console}. */
  public static final String CONSOLE_PAGE = "console";

  @Inject @Any Instance<PlinthVertical> discovered;

  private volatile Map<String, PlinthVertical> byId;

  /** Each vertical by its root resource class, for {@link TenantAreaFilter}. */
  private volatile Map<Class<?>, PlinthVertical> byResource;

  /** Each vertical's Stripe event handlers, copied once at start-up: events look them up here. */
  private volatile Map<String, Map<String, StripeEventHandler>> handlers;

  /** Each vertical's payment listener, asked once at start-up. */
  private volatile Map<String, PaymentListener> listeners;

  /** The typed events each vertical's listener acts on, found once at start-up. */
  private volatile Map<String, SortedSet<String>> listening;

  /**
   * Indexes the verticals; fails with a clear message on a bad or duplicate id. Start-up calls it;
   * after that every lookup reads the indexes without taking a lock.
   */
  public void initialise() {
    if (byId == null) {
      index();
    }
  }

  private synchronized void index() {
    if (byId == null) {
      Map<String, PlinthVertical> verticals = index(discovered.stream().toList());
      Map<String, Map<String, StripeEventHandler>> copied = new LinkedHashMap<>();
      Map<String, PaymentListener> payments = new HashMap<>();
      Map<String, SortedSet<String>> acted = new HashMap<>();
      verticals.forEach(
          (id, v) -> {
            copied.put(id, Map.copyOf(v.eventHandlers()));
            PaymentListener listener = v.payments(); // a bean lookup: once
            if (listener != null) {
              payments.put(id, listener);
              acted.put(id, Collections.unmodifiableSortedSet(listenedTo(listener.getClass())));
            }
          });
      handlers = Collections.unmodifiableMap(copied);
      listeners = Collections.unmodifiableMap(payments);
      listening = Collections.unmodifiableMap(acted);
      byResource = resources(verticals);
      byId = verticals;
    }
  }

  /** The vertical's payment listener, or null when it takes no payments. */
  public PaymentListener listener(String verticalId) {
    initialise();
    return listeners.get(verticalId);
  }

  /** The vertical's handler for an event type, or null when it handles none. */
  public StripeEventHandler handler(String verticalId, String type) {
    initialise();
    Map<String, StripeEventHandler> of = handlers.get(verticalId);
    return of == null ? null : of.get(type);
  }

  /**
   * The events a vertical handles, sorted: the typed payment events its listener acts on (by their
   * names, such as {@code CheckoutPaid}) and the raw Stripe event types it handles itself.
   */
  public SortedSet<String> eventTypes(String verticalId) {
    initialise();
    SortedSet<String> types = new TreeSet<>(handlers.getOrDefault(verticalId, Map.of()).keySet());
    types.addAll(listenedTo(verticalId));
    return types;
  }

  /** The typed payment events (by record name) the vertical's listener acts on; empty if none. */
  public SortedSet<String> listenedTo(String verticalId) {
    initialise();
    return listening.getOrDefault(verticalId, Collections.emptySortedSet());
  }

  /**
   * The typed events whose {@link PaymentListener} method a listener class overrides, named as
   * their {@link PaymentEvent} records. The class may be a container's proxy (a CDI client proxy or
   * an interceptor subclass) that overrides every method: the vertical's own class is found first.
   */
  static SortedSet<String> listenedTo(Class<?> listenerClass) {
    Class<?> own = listenerClass;
    while (isProxy(own) && own.getSuperclass() != null && own.getSuperclass() != Object.class) {
      own = own.getSuperclass();
    }
    SortedSet<String> types = new TreeSet<>();
    for (Method m : PaymentListener.class.getMethods()) {
      try {
        Method found = own.getMethod(m.getName(), m.getParameterTypes());
        if (found.getDeclaringClass() != PaymentListener.class) {
          types.add(m.getParameterTypes()[0].getSimpleName());
        }
      } catch (NoSuchMethodException e) {
        // PaymentListener's methods are public, so the class has each of them
        throw new IllegalStateException(e);
      }
    }
    return types;
  }

  /** Weld names its proxies {@code Type$Proxy$_$$_WeldClientProxy} or {@code ...WeldSubclass}. */
  private static boolean isProxy(Class<?> c) {
    return c.isSynthetic() || c.getName().contains("$$");
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
      if (v.pages().containsKey(CONSOLE_PAGE)) {
        throw new IllegalStateException(
            "vertical '"
                + id
                + "' declares a page named '"
                + CONSOLE_PAGE
                + "', which is the tenant's console (/t/{slug}/console); choose another name");
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
