package dev.plinth.testkit.stripe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events and their webhook deliveries: each change records its events in the account, and they are
 * sent, signed, to the endpoints that want them (Connect endpoints of the platform get its
 * connected accounts' events, with {@code account}), retried on failure, and on request duplicated,
 * reordered, delayed or dropped ({@link Delivery}).
 */
final class Events {

  private final State state;
  private final ScheduledExecutorService deliveries =
      Executors.newScheduledThreadPool(8, Http.daemon("stripe-sim-delivery"));
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<StripeSimulator.Attempt> attempts = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  private volatile List<Duration> retryDelays =
      List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60));
  private volatile Delivery defaultDelivery = Delivery.normal();

  Events(State state) {
    this.state = state;
  }

  void routes(Routes r) {
    r.add("GET", "/v1/events", (m, a, p, c) -> list(a, p));
    r.add("GET", "/v1/events/([^/]+)", (m, a, p, c) -> state.get(a, m.group(1), "event"));
  }

  void close() {
    deliveries.shutdownNow();
  }

  ScheduledExecutorService scheduler() {
    return deliveries;
  }

  void retryDelays(List<Duration> delays) {
    retryDelays = List.copyOf(delays);
  }

  Delivery defaultDelivery() {
    return defaultDelivery;
  }

  void defaultDelivery(Delivery delivery) {
    defaultDelivery = delivery;
  }

  List<StripeSimulator.Attempt> attempts() {
    return List.copyOf(attempts);
  }

  boolean awaitDeliveries(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** A change that a test control (or a hosted page) makes to one object. */
  interface Action {
    void apply(Account a, Map<String, Object> object, Ctx ctx);
  }

  /**
   * Applies a test control's change to the object {@code id} under the lock, then delivers the
   * events it produced; returns copies of those events.
   *
   * @throws IllegalArgumentException if there is no such object of that kind
   */
  List<Map<String, Object>> act(String id, String object, Delivery delivery, Action action) {
    Account a;
    Ctx ctx = Ctx.internal();
    List<Map<String, Object>> copies;
    synchronized (state.lock) {
      a = state.owner(id, object);
      if (a == null) {
        throw new IllegalArgumentException("no " + object + " " + id);
      }
      action.apply(a, a.objects.get(id), ctx);
      copies = ctx.events().stream().map(State::visible).toList();
    }
    deliver(a, ctx.events(), delivery);
    return copies;
  }

  /** Records an event of {@code object}'s present state; called under the lock. */
  void emit(
      Account a, String type, Map<String, Object> object, Map<String, Object> previous, Ctx c) {
    Map<String, Object> e = Fixtures.of("event");
    e.put("id", "evt_1" + state.token(24));
    e.put("api_version", a.apiVersion == null ? StripeSimulator.API_VERSION : a.apiVersion);
    e.put("created", state.epoch());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("object", State.visible(object));
    if (previous != null && !previous.isEmpty()) {
      data.put("previous_attributes", previous);
    }
    e.put("data", data);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", c.requestId());
    request.put("idempotency_key", c.idemKey());
    e.put("request", request);
    e.put("type", type);
    if (a.platform != null) {
      e.put("account", a.id);
    }
    e.put("pending_webhooks", (long) targets(a, type).size());
    e.put("__delivered", false);
    state.store(a, e);
    a.events.add(e);
    c.events().add(e);
  }

  private Map<String, Object> list(Account a, Map<String, Object> p) {
    Map<String, Object> created = Params.map(p.get("created"));
    Long gte = created == null || created.get("gte") == null ? null : Params.number(created, "gte");
    Long lte = created == null || created.get("lte") == null ? null : Params.number(created, "lte");
    String type = (String) p.get("type");
    Boolean delivered =
        p.get("delivery_success") == null ? null : Params.bool(p, "delivery_success");
    List<Map<String, Object>> matching = new ArrayList<>();
    for (int i = a.events.size() - 1; i >= 0; i--) {
      Map<String, Object> e = a.events.get(i);
      long at = (Long) e.get("created");
      if ((gte == null || at >= gte)
          && (lte == null || at <= lte)
          && (type == null || typeMatches(type, (String) e.get("type")))
          && (delivered == null || delivered == Boolean.TRUE.equals(e.get("__delivered")))) {
        matching.add(e);
      }
    }
    return State.page(matching, p, "/v1/events");
  }

  private static boolean typeMatches(String filter, String type) {
    return filter.endsWith("*")
        ? type.startsWith(filter.substring(0, filter.length() - 1))
        : filter.equals(type);
  }

  /** Sends an event again, as Stripe's "resend" does. */
  void redeliver(String eventId, Delivery delivery) {
    Account a;
    Map<String, Object> event;
    synchronized (state.lock) {
      a = state.ownerOf.get(eventId);
      if (a == null) {
        throw new IllegalArgumentException("no event " + eventId);
      }
      event = a.objects.get(eventId);
    }
    deliver(a, List.of(event), delivery);
  }

  /** The endpoints an event of the account goes to: its own, and its platform's Connect ones. */
  private List<Account.Endpoint> targets(Account a, String type) {
    List<Account.Endpoint> out = new ArrayList<>();
    for (Account.Endpoint e : a.endpoints.values()) {
      if (!e.connect() && e.enabled() && e.wants(type)) {
        out.add(e);
      }
    }
    if (a.platform != null && state.accounts.containsKey(a.platform)) {
      for (Account.Endpoint e : state.accounts.get(a.platform).endpoints.values()) {
        if (e.connect() && e.enabled() && e.wants(type)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** Sends each event to each of its endpoints, as the plan says; never under the lock. */
  void deliver(Account a, List<Map<String, Object>> events, Delivery delivery) {
    if (!delivery.send() || events.isEmpty()) {
      return;
    }
    List<Map<String, Object>> ordered = new ArrayList<>(events);
    if (delivery.reverse()) {
      Collections.reverse(ordered);
    }
    inFlight.incrementAndGet();
    deliveries.schedule(
        () -> {
          try {
            for (Map<String, Object> event : ordered) {
              List<Account.Endpoint> to;
              String payload;
              synchronized (state.lock) {
                to = targets(a, (String) event.get("type"));
                payload = Jsons.write(State.visible(event));
              }
              for (Account.Endpoint endpoint : to) {
                sendCopies(event, endpoint, payload, delivery);
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
          }
        },
        delivery.delay().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void sendCopies(
      Map<String, Object> event, Account.Endpoint endpoint, String payload, Delivery delivery)
      throws InterruptedException {
    if (!delivery.parallel()) {
      for (int i = 0; i < delivery.copies(); i++) {
        send(event, endpoint, payload, 1);
      }
      return;
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < delivery.copies(); i++) {
      Thread t = new Thread(() -> send(event, endpoint, payload, 1));
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** One attempt, signed anew; a failure is retried after the next of the retry delays. */
  private void send(
      Map<String, Object> event, Account.Endpoint endpoint, String payload, int attempt) {
    List<String> secrets;
    synchronized (state.lock) {
      secrets = List.copyOf(endpoint.secrets);
    }
    int status;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(endpoint.url()))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
              .header(
                  "Stripe-Signature",
                  WebhookSigner.header(payload, state.epoch(), secrets.toArray(String[]::new)))
              .POST(HttpRequest.BodyPublishers.ofString(payload))
              .build();
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      status = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    attempts.add(
        new StripeSimulator.Attempt(
            (String) event.get("id"),
            (String) event.get("type"),
            endpoint.url(),
            attempt,
            status,
            state.now()));
    if (status >= 200 && status < 300) {
      synchronized (state.lock) {
        event.put("__delivered", true);
        event.put("pending_webhooks", Math.max(0, (Long) event.get("pending_webhooks") - 1));
      }
      return;
    }
    List<Duration> delays = retryDelays;
    if (attempt <= delays.size()) {
      inFlight.incrementAndGet();
      deliveries.schedule(
          () -> {
            try {
              send(event, endpoint, payload, attempt + 1);
            } finally {
              inFlight.decrementAndGet();
            }
          },
          delays.get(attempt - 1).toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }
}
