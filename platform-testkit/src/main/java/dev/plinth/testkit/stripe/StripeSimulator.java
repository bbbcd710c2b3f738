package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Stripe stand-in on loopback, for tests and for a local run without a Stripe account. It speaks
 * Stripe's wire format, so Plinth talks to it through stripe-java exactly as it talks to Stripe:
 *
 * <ul>
 *   <li>form-encoded requests, JSON answers shaped from Stripe's own examples ({@link Fixtures}),
 *       Stripe's error bodies and status codes;
 *   <li>{@code Authorization: Bearer sk_test_...}: every well-formed test key is an account of its
 *       own, and one account never sees another's objects; {@code Stripe-Account} acts for a
 *       connected account, which belongs to the first platform that names it;
 *   <li>{@code Idempotency-Key}: a repeated key replays the first answer, and the same key with
 *       other parameters is refused, as Stripe does;
 *   <li>checkout sessions (create, retrieve, list, expire, line items), events (list, retrieve),
 *       customers, payment intents, refunds, prices, subscriptions and webhook endpoints;
 *   <li>a hosted checkout page at each session's {@code url} (see {@link CheckoutPage});
 *   <li>webhook deliveries signed as Stripe signs them, to the endpoints registered for the account
 *       (Connect endpoints of the platform get its connected accounts' events, with {@code
 *       account}), retried on failure, and on request duplicated, reordered, delayed or dropped
 *       ({@link Delivery}).
 * </ul>
 *
 * <p>Tests drive payments with {@link #pay}, {@link #payLater}, {@link #settle} and {@link
 * #expire}; a person does it on the hosted page. It runs standalone with {@link #main}.
 */
public final class StripeSimulator implements AutoCloseable {

  /**
   * The API version stripe-java 33 speaks; events are rendered in it unless a request names
   * another.
   */
  public static final String API_VERSION = "2026-07-29.dahlia";

  private static final Pattern KEY = Pattern.compile("(sk|rk)_test_[A-Za-z0-9_]{8,}");
  private static final Pattern ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]{6,}");
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final HttpServer server;
  private final ExecutorService http;
  private final ScheduledExecutorService deliveries;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SecureRandom random = new SecureRandom();
  private final Object lock = new Object();

  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, Account> ownerOf = new HashMap<>();
  private final Map<String, Replay> idempotency = new HashMap<>();
  private final Map<String, Integer> faults = new HashMap<>();
  private final List<String> revoked = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  private volatile Duration clockOffset = Duration.ZERO;
  private volatile List<Duration> retryDelays =
      List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60));
  private volatile Delivery defaultDelivery = Delivery.normal();

  /** One API request as the simulator saw it. */
  public record Request(
      String method,
      String path,
      String account,
      String stripeAccount,
      String idempotencyKey,
      int status,
      boolean replayed) {}

  /** One webhook delivery attempt. */
  public record Attempt(
      String eventId, String type, String url, int attempt, int status, Instant at) {}

  private record Replay(String fingerprint, int status, String body, String requestId) {}

  private StripeSimulator(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    http = Executors.newFixedThreadPool(16, daemon("stripe-sim-http"));
    deliveries = Executors.newScheduledThreadPool(8, daemon("stripe-sim-delivery"));
    server.setExecutor(http);
    server.createContext("/", this::serve);
    server.start();
    deliveries.scheduleWithFixedDelay(this::expireDue, 1, 1, TimeUnit.SECONDS);
  }

  /** Starts a simulator on loopback at {@code port} (0 picks a free port). */
  public static StripeSimulator start(int port) {
    try {
      return new StripeSimulator(port);
    } catch (IOException e) {
      throw new IllegalStateException("the Stripe simulator cannot listen on port " + port, e);
    }
  }

  /**
   * Runs the simulator on its own: {@code --port N} (default 12111). With {@code --unless-env
   * NAME}, it starts nothing when that environment variable is set (the run command uses it so that
   * a configured {@code STRIPE_API_BASE} wins).
   */
  public static void main(String[] args) throws Exception {
    int port = 12111;
    boolean exitWithParent = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--exit-with-parent" -> exitWithParent = true;
        case "--unless-env" -> {
          String name = args[++i];
          String value = System.getenv(name);
          if (value != null && !value.isBlank()) {
            System.out.println("[plinth] " + name + " is set (" + value + "): no Stripe simulator");
            return;
          }
        }
        default ->
            throw new IllegalArgumentException(
                "usage: [--port N] [--unless-env NAME] [--exit-with-parent]");
      }
    }
    StripeSimulator sim = start(port);
    System.out.println(
        "[plinth] Stripe simulator on "
            + sim.baseUrl()
            + " (any sk_test_ key works; pay at each checkout session's url)");
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    if (exitWithParent) {
      exitWithParent();
    }
    Thread.currentThread().join();
  }

  /**
   * The run command starts the simulator from Maven; if Maven dies without stopping it (kill -9),
   * the simulator goes too, instead of holding its port and serving yesterday's state.
   */
  private static void exitWithParent() {
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          System.out.println(
                              "[plinth] the run command is gone: Stripe simulator stopping");
                          System.exit(0);
                        }));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    http.shutdownNow();
    deliveries.shutdownNow();
  }

  // ---------------------------------------------------------------- the Java API for tests

  /** The simulator's time: the real time, moved forward by {@link #advanceClock}. */
  public Instant now() {
    return Instant.now().plus(clockOffset);
  }

  public long epoch() {
    return now().getEpochSecond();
  }

  /** Moves the simulator's time forward, as a test moves Plinth's. */
  public void advanceClock(Duration by) {
    clockOffset = clockOffset.plus(by);
  }

  public void resetClock() {
    clockOffset = Duration.ZERO;
  }

  /** How long a failed delivery waits before each retry; after the last, it is given up. */
  public void retryDelays(List<Duration> delays) {
    retryDelays = List.copyOf(delays);
  }

  /** How events are delivered when no {@link Delivery} is named, such as from the hosted page. */
  public void defaultDelivery(Delivery delivery) {
    defaultDelivery = delivery;
  }

  /** The account that a secret key opens; the same key always opens the same account. */
  public static String accountOf(String apiKey) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      return "acct_1" + HexFormat.of().formatHex(h, 0, 8).toUpperCase();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** From now on this key is refused with 401, as a rolled or deleted key is. */
  public void revokeKey(String apiKey) {
    revoked.add(apiKey);
  }

  /**
   * Every API request made with this key (or for this connected account) answers {@code status}
   * with a Stripe error; {@code 0} drops the connection without an answer, as a network failure.
   */
  public void fail(String apiKeyOrAccount, int status) {
    synchronized (lock) {
      faults.put(
          apiKeyOrAccount.startsWith("acct_") ? apiKeyOrAccount : accountOf(apiKeyOrAccount),
          status);
    }
  }

  public void heal(String apiKeyOrAccount) {
    synchronized (lock) {
      faults.remove(
          apiKeyOrAccount.startsWith("acct_") ? apiKeyOrAccount : accountOf(apiKeyOrAccount));
    }
  }

  /**
   * Registers a webhook endpoint with a secret of the caller's choosing, as an operator does when
   * copying a Connect endpoint's secret from Stripe's dashboard into configuration.
   */
  public String addEndpoint(String apiKey, String url, String secret, boolean connect) {
    synchronized (lock) {
      Account a = account(accountOf(apiKey));
      Map<String, Object> e = endpointObject(url, List.of("*"), connect, null);
      a.endpoints.put((String) e.get("id"), new Account.Endpoint(e, secret));
      own(a, (String) e.get("id"));
      return (String) e.get("id");
    }
  }

  /**
   * Rolls an endpoint's secret: deliveries carry a signature for the new secret and, until {@link
   * #dropOldSecrets}, for the old one too.
   */
  public String rollSecret(String endpointId) {
    synchronized (lock) {
      Account.Endpoint e = endpoint(endpointId);
      String secret = "whsec_" + token(32);
      e.secrets.add(0, secret);
      return secret;
    }
  }

  public void dropOldSecrets(String endpointId) {
    synchronized (lock) {
      Account.Endpoint e = endpoint(endpointId);
      e.secrets.subList(1, e.secrets.size()).clear();
    }
  }

  /** Creates a price in the key's account, for subscription checkouts. */
  public String createPrice(String apiKey, long unitAmount, String currency, String interval) {
    synchronized (lock) {
      Account a = account(accountOf(apiKey));
      Map<String, Object> p = price(unitAmount, currency, interval, "Plan");
      store(a, p);
      return (String) p.get("id");
    }
  }

  /** Pays an open session by card: it completes, paid, and its events are delivered. */
  public List<Map<String, Object>> pay(String sessionId, Delivery delivery) {
    return act(sessionId, delivery, (a, s, events) -> complete(a, s, true, null, null, events));
  }

  public List<Map<String, Object>> pay(String sessionId) {
    return pay(sessionId, defaultDelivery);
  }

  /**
   * Pays an open session by card, but for {@code amountTotal} in {@code currency} instead of what
   * it was created for: the completed session, its payment and its events all carry the altered
   * total, as when a session was changed between its creation and its payment. Tests use it to
   * check that a paid amount is compared with what was asked.
   */
  public List<Map<String, Object>> payAltered(
      String sessionId, long amountTotal, String currency, Delivery delivery) {
    return act(
        sessionId,
        delivery,
        (a, s, events) -> {
          s.put("amount_total", amountTotal);
          s.put("currency", currency);
          complete(a, s, true, null, null, events);
        });
  }

  /**
   * Pays with a delayed method (a bank debit): the session completes with {@code payment_status}
   * {@code unpaid}, and {@link #settle} decides later.
   */
  public List<Map<String, Object>> payLater(String sessionId, Delivery delivery) {
    return act(sessionId, delivery, (a, s, events) -> complete(a, s, false, null, null, events));
  }

  /** The delayed payment of a completed, unpaid session succeeds or fails. */
  public List<Map<String, Object>> settle(String sessionId, boolean succeeded, Delivery delivery) {
    return act(sessionId, delivery, (a, s, events) -> settle(a, s, succeeded, events));
  }

  /** Expires an open session now, as Stripe does at its {@code expires_at}. */
  public List<Map<String, Object>> expire(String sessionId, Delivery delivery) {
    return act(sessionId, delivery, (a, s, events) -> expireSession(a, s, events));
  }

  /** Sends an event again, as Stripe's "resend" does. */
  public void redeliver(String eventId, Delivery delivery) {
    Account a;
    Map<String, Object> event;
    synchronized (lock) {
      a = ownerOf.get(eventId);
      if (a == null) {
        throw new IllegalArgumentException("no event " + eventId);
      }
      event = a.objects.get(eventId);
    }
    deliver(a, List.of(event), delivery);
  }

  /** A copy of any object the simulator holds, by id. */
  public Optional<Map<String, Object>> object(String id) {
    synchronized (lock) {
      Account a = ownerOf.get(id);
      return a == null ? Optional.empty() : Optional.of(Jsons.copy(a.objects.get(id)));
    }
  }

  /** The events of the account a key opens (or of a connected account), oldest first. */
  public List<Map<String, Object>> events(String apiKeyOrAccount) {
    synchronized (lock) {
      Account a =
          accounts.get(
              apiKeyOrAccount.startsWith("acct_") ? apiKeyOrAccount : accountOf(apiKeyOrAccount));
      return a == null ? List.of() : Jsons.copy(a.events);
    }
  }

  /** Every API request so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests matched, such as checkout sessions created by one account. */
  public long count(Predicate<Request> which) {
    return requests.stream().filter(which).count();
  }

  /** Every webhook delivery attempt so far. */
  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** Waits until no delivery is under way or waiting to be retried, or the time is up. */
  public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  // ---------------------------------------------------------------- HTTP

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/pay/")) {
        CheckoutPage.serve(this, ex, path.substring("/pay/".length()));
      } else if (path.startsWith("/v1/")) {
        api(ex, path);
      } else if (path.equals("/") || path.equals("/health")) {
        send(ex, 200, "application/json", "{\"simulator\":\"stripe\",\"ok\":true}", Map.of());
      } else {
        send(ex, 404, "text/plain", "not found", Map.of());
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  private void api(HttpExchange ex, String path) throws IOException {
    String requestId = "req_" + token(14);
    String method = ex.getRequestMethod();
    String body = read(ex.getRequestBody());
    String query = ex.getRequestURI().getRawQuery();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Request-Id", requestId);
    String version = ex.getRequestHeaders().getFirst("Stripe-Version");
    if (version != null) {
      headers.put("Stripe-Version", version);
    }
    String stripeAccount = ex.getRequestHeaders().getFirst("Stripe-Account");
    String idemKey = ex.getRequestHeaders().getFirst("Idempotency-Key");
    String keyAccount = null;
    int status;
    String answer;
    boolean replayed = false;
    try {
      String key = apiKey(ex.getRequestHeaders().getFirst("Authorization"));
      keyAccount = accountOf(key);
      Map<String, Object> params =
          FormBody.parse(method.equals("GET") || method.equals("DELETE") ? query : body);
      Integer fault;
      synchronized (lock) {
        fault = faults.get(stripeAccount != null ? stripeAccount : keyAccount);
        if (fault == null) {
          fault = faults.get(keyAccount);
        }
      }
      if (fault != null && fault == 0) {
        // no answer at all: closing the exchange unanswered drops the connection
        requests.add(new Request(method, path, keyAccount, stripeAccount, idemKey, 0, false));
        return;
      }
      if (fault != null) {
        throw new StripeError(
            fault,
            fault >= 500 ? "api_error" : "invalid_request_error",
            null,
            "Simulated failure (" + fault + ")",
            null);
      }
      String fingerprint = method + " " + path + " " + Jsons.write(params);
      String replayKey = null;
      if (idemKey != null && method.equals("POST")) {
        if (idemKey.length() > 255) {
          throw StripeError.invalid(null, "Idempotency-Key must be at most 255 characters.");
        }
        replayKey = keyAccount + "|" + stripeAccount + "|" + idemKey;
      }
      synchronized (lock) {
        Replay earlier = replayKey == null ? null : idempotency.get(replayKey);
        if (earlier != null) {
          if (!earlier.fingerprint().equals(fingerprint)) {
            throw new StripeError(
                400,
                "idempotency_error",
                null,
                "Keys for idempotent requests can only be used with the same parameters they"
                    + " were first used with. Try using a key other than '"
                    + idemKey
                    + "' if you meant to execute a different request.",
                null);
          }
          status = earlier.status();
          answer = earlier.body();
          replayed = true;
          headers.put("Idempotent-Replayed", "true");
          headers.put("Original-Request", earlier.requestId());
        } else {
          Account a = resolve(keyAccount, stripeAccount, version);
          List<Map<String, Object>> events = new ArrayList<>();
          Object result;
          try {
            result = route(a, method, path, params, events, requestId, idemKey);
            status = 200;
            answer = Jsons.write(result);
          } catch (StripeError e) {
            status = e.status;
            answer = Jsons.write(e.body(requestId));
          }
          // as Stripe does, only a request that ran is remembered: a refused one may be corrected
          if (replayKey != null && status == 200) {
            idempotency.put(replayKey, new Replay(fingerprint, status, answer, requestId));
          }
          deliver(a, events, defaultDelivery);
        }
      }
    } catch (StripeError e) {
      status = e.status;
      answer = Jsons.write(e.body(requestId));
    } catch (IllegalArgumentException | ClassCastException e) {
      // a parameter of the wrong shape, such as metadata[a][b] or a bad escape
      status = 400;
      answer =
          Jsons.write(
              new StripeError(
                      400,
                      "invalid_request_error",
                      "parameter_invalid",
                      "Invalid request: " + e.getMessage(),
                      null)
                  .body(requestId));
    } catch (RuntimeException e) {
      e.printStackTrace();
      status = 500;
      answer =
          Jsons.write(
              new StripeError(500, "api_error", null, "Internal simulator error: " + e, null)
                  .body(requestId));
    }
    requests.add(new Request(method, path, keyAccount, stripeAccount, idemKey, status, replayed));
    send(ex, status, "application/json", answer, headers);
  }

  private String apiKey(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new StripeError(
          401,
          "invalid_request_error",
          null,
          "You did not provide an API key. You need to provide your API key in the Authorization"
              + " header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
          null);
    }
    String key;
    if (authorization.startsWith("Bearer ")) {
      key = authorization.substring(7).trim();
    } else if (authorization.startsWith("Basic ")) {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      key = decoded.endsWith(":") ? decoded.substring(0, decoded.length() - 1) : decoded;
    } else {
      key = "";
    }
    if (!KEY.matcher(key).matches() || revoked.contains(key)) {
      String hint = key.length() > 4 ? key.substring(key.length() - 4) : "";
      throw new StripeError(
          401,
          "invalid_request_error",
          "api_key_invalid",
          "Invalid API Key provided: "
              + (key.length() > 8 ? key.substring(0, 8) : "")
              + "****"
              + hint
              + (key.startsWith("sk_live_") ? " (this simulator serves test mode only)" : ""),
          null);
    }
    return key;
  }

  /** The account a request acts on: the key's own, or a connected account of it. */
  private Account resolve(String keyAccount, String stripeAccount, String version) {
    Account own = account(keyAccount);
    if (own.apiVersion == null && version != null) {
      own.apiVersion = version;
    }
    if (stripeAccount == null) {
      return own;
    }
    if (!ACCOUNT.matcher(stripeAccount).matches()) {
      throw StripeError.invalid(null, "Invalid Stripe-Account header: " + stripeAccount);
    }
    Account connected = account(stripeAccount);
    if (connected.platform == null) {
      connected.platform = keyAccount;
    } else if (!connected.platform.equals(keyAccount)) {
      throw new StripeError(
          403,
          "invalid_request_error",
          "account_invalid",
          "The provided key does not have access to account '"
              + stripeAccount
              + "' (or that account does not exist). Application access may have been revoked.",
          null);
    }
    if (connected.apiVersion == null && version != null) {
      connected.apiVersion = version;
    }
    return connected;
  }

  private interface Handler {
    Object handle(Matcher m, Account a, Map<String, Object> p, Ctx ctx);
  }

  /** What a handler may need beyond the parameters. */
  private record Ctx(List<Map<String, Object>> events, String requestId, String idemKey) {}

  private final Map<Pattern, Map<String, Handler>> routes = routes();

  private Map<Pattern, Map<String, Handler>> routes() {
    Map<Pattern, Map<String, Handler>> r = new LinkedHashMap<>();
    route(r, "/v1/checkout/sessions", "POST", (m, a, p, c) -> createSession(a, p));
    route(r, "/v1/checkout/sessions", "GET", (m, a, p, c) -> list(a, "checkout.session", p, null));
    route(r, "/v1/checkout/sessions/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "checkout.session"));
    route(
        r,
        "/v1/checkout/sessions/([^/]+)/expire",
        "POST",
        (m, a, p, c) -> {
          Map<String, Object> s = get(a, m, "checkout.session");
          if (!"open".equals(s.get("status"))) {
            throw StripeError.state(
                "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout"
                    + " Session has a status of \""
                    + s.get("status")
                    + "\".");
          }
          expireSession(a, s, c.events());
          return s;
        });
    route(
        r,
        "/v1/checkout/sessions/([^/]+)/line_items",
        "GET",
        (m, a, p, c) -> {
          Map<String, Object> s = get(a, m, "checkout.session");
          return page(
              new ArrayList<>(a.lineItems.getOrDefault((String) s.get("id"), List.of())),
              p,
              "/v1/checkout/sessions/" + s.get("id") + "/line_items");
        });
    route(r, "/v1/events", "GET", (m, a, p, c) -> listEvents(a, p));
    route(r, "/v1/events/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "event"));
    route(r, "/v1/customers", "POST", (m, a, p, c) -> createCustomer(a, p, c));
    route(
        r,
        "/v1/customers",
        "GET",
        (m, a, p, c) ->
            list(
                a,
                "customer",
                p,
                o -> p.get("email") == null || p.get("email").equals(o.get("email"))));
    route(r, "/v1/customers/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "customer"));
    route(
        r,
        "/v1/customers/([^/]+)",
        "POST",
        (m, a, p, c) -> {
          Map<String, Object> o = get(a, m, "customer");
          Map<String, Object> previous = update(o, p, "email", "name", "phone", "description");
          emit(a, "customer.updated", o, previous, c);
          return o;
        });
    route(r, "/v1/payment_intents", "POST", (m, a, p, c) -> createPaymentIntent(a, p, c));
    route(r, "/v1/payment_intents", "GET", (m, a, p, c) -> list(a, "payment_intent", p, null));
    route(r, "/v1/payment_intents/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "payment_intent"));
    route(r, "/v1/refunds", "POST", (m, a, p, c) -> refund(a, p, c));
    route(r, "/v1/refunds", "GET", (m, a, p, c) -> list(a, "refund", p, null));
    route(r, "/v1/refunds/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "refund"));
    route(r, "/v1/charges/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "charge"));
    route(r, "/v1/prices", "POST", (m, a, p, c) -> createPrice(a, p));
    route(r, "/v1/prices/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "price"));
    route(r, "/v1/subscriptions", "GET", (m, a, p, c) -> list(a, "subscription", p, null));
    route(r, "/v1/subscriptions/([^/]+)", "GET", (m, a, p, c) -> get(a, m, "subscription"));
    route(
        r,
        "/v1/subscriptions/([^/]+)",
        "POST",
        (m, a, p, c) -> {
          Map<String, Object> s = get(a, m, "subscription");
          if ("canceled".equals(s.get("status"))) {
            throw StripeError.state("A canceled subscription can only update its metadata.");
          }
          if (p.containsKey("cancel_at_period_end")) {
            p.put("cancel_at_period_end", bool(p, "cancel_at_period_end"));
          }
          Map<String, Object> previous = update(s, p, "cancel_at_period_end", "description");
          emit(a, "customer.subscription.updated", s, previous, c);
          return s;
        });
    route(
        r,
        "/v1/subscriptions/([^/]+)",
        "DELETE",
        (m, a, p, c) -> {
          Map<String, Object> s = get(a, m, "subscription");
          if ("canceled".equals(s.get("status"))) {
            throw StripeError.state("This subscription is already canceled.");
          }
          s.put("status", "canceled");
          s.put("canceled_at", epoch());
          s.put("ended_at", epoch());
          emit(a, "customer.subscription.deleted", s, null, c);
          return s;
        });
    route(r, "/v1/webhook_endpoints", "POST", (m, a, p, c) -> createEndpoint(a, p));
    route(
        r,
        "/v1/webhook_endpoints",
        "GET",
        (m, a, p, c) ->
            page(
                a.endpoints.values().stream().map(e -> withoutSecret(e.object)).toList(),
                p,
                "/v1/webhook_endpoints"));
    route(
        r,
        "/v1/webhook_endpoints/([^/]+)",
        "GET",
        (m, a, p, c) -> withoutSecret(get(a, m, "webhook_endpoint")));
    route(
        r,
        "/v1/webhook_endpoints/([^/]+)",
        "DELETE",
        (m, a, p, c) -> {
          Map<String, Object> e = get(a, m, "webhook_endpoint");
          a.endpoints.remove((String) e.get("id"));
          a.objects.remove((String) e.get("id"));
          ownerOf.remove((String) e.get("id"));
          return Map.of("id", e.get("id"), "object", "webhook_endpoint", "deleted", true);
        });
    return r;
  }

  private static void route(
      Map<Pattern, Map<String, Handler>> r, String path, String method, Handler h) {
    r.computeIfAbsent(Pattern.compile(path), k -> new LinkedHashMap<>()).put(method, h);
  }

  private Object route(
      Account a,
      String method,
      String path,
      Map<String, Object> params,
      List<Map<String, Object>> events,
      String requestId,
      String idemKey) {
    for (Map.Entry<Pattern, Map<String, Handler>> e : routes.entrySet()) {
      Matcher m = e.getKey().matcher(path);
      if (m.matches()) {
        Handler h = e.getValue().get(method);
        if (h != null) {
          return h.handle(m, a, params, new Ctx(events, requestId, idemKey));
        }
      }
    }
    throw new StripeError(
        404,
        "invalid_request_error",
        null,
        "Unrecognized request URL (" + method + ": " + path + ").",
        null);
  }

  // ---------------------------------------------------------------- checkout

  private Map<String, Object> createSession(Account a, Map<String, Object> p) {
    String mode = required(p, "mode");
    if (!List.of("payment", "subscription", "setup").contains(mode)) {
      throw StripeError.invalid(
          "mode", "Invalid mode: must be one of payment, subscription, setup");
    }
    String successUrl = required(p, "success_url");
    url(successUrl, "success_url");
    if (p.get("cancel_url") != null) {
      url((String) p.get("cancel_url"), "cancel_url");
    }
    long now = epoch();
    long expiresAt = now + 24 * 3600;
    if (p.get("expires_at") != null) {
      expiresAt = number(p, "expires_at");
      // a minute's leeway for the caller's clock and the request's travel
      if (expiresAt < now + 30 * 60 - 60 || expiresAt > now + 24 * 3600 + 60) {
        throw StripeError.invalid(
            "expires_at",
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from the Checkout"
                + " Session's creation.");
      }
    }
    String customer = (String) p.get("customer");
    if (customer != null) {
      Map<String, Object> c = a.objects.get(customer);
      if (c == null || !"customer".equals(c.get("object"))) {
        throw StripeError.noSuch("customer", customer, "customer");
      }
    }
    List<Map<String, Object>> items = lineItems(a, p, mode);
    if (items.isEmpty() && !mode.equals("setup")) {
      throw StripeError.missing("line_items");
    }
    String currency = items.isEmpty() ? null : (String) items.get(0).get("currency");
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).get("currency").equals(currency)) {
        throw StripeError.invalid(
            "line_items[" + i + "]", "All line items must use the same currency.");
      }
    }
    long total = items.stream().mapToLong(i -> (Long) i.get("amount_total")).sum();

    Map<String, Object> s = Fixtures.of("checkout.session");
    String id = "cs_test_a1" + token(56);
    s.put("id", id);
    s.put("created", now);
    s.put("expires_at", expiresAt);
    s.put("mode", mode);
    s.put("success_url", successUrl);
    s.put("cancel_url", p.get("cancel_url"));
    s.put("client_reference_id", p.get("client_reference_id"));
    s.put("customer", customer);
    s.put("customer_email", p.get("customer_email"));
    s.put("customer_creation", mode.equals("payment") ? "if_required" : null);
    if ("always".equals(p.get("customer_creation"))) {
      s.put("customer_creation", "always");
    }
    s.put("customer_details", null);
    s.put("metadata", p.getOrDefault("metadata", new LinkedHashMap<>()));
    s.put("currency", currency);
    s.put("amount_subtotal", items.isEmpty() ? null : total);
    s.put("amount_total", items.isEmpty() ? null : total);
    s.put("status", "open");
    s.put("payment_status", mode.equals("setup") ? "no_payment_required" : "unpaid");
    s.put("payment_intent", null);
    s.put("subscription", null);
    s.put("invoice", null);
    s.put("url", baseUrl() + "/pay/" + id);
    s.put("after_expiration", null);
    s.put("shipping_address_collection", null);
    s.put("shipping_cost", null);
    s.put("currency_conversion", null);
    s.put("collected_information", null);
    s.put("custom_text", customText());
    s.put(
        "total_details",
        new LinkedHashMap<>(
            Map.of("amount_discount", 0L, "amount_shipping", 0L, "amount_tax", 0L)));
    s.put("invoice_creation", null);
    s.put("payment_method_configuration_details", null);
    s.put("discounts", new ArrayList<>());
    Map<String, Object> pid = map(p.get("payment_intent_data"));
    s.put("__payment_intent_metadata", pid == null ? null : pid.get("metadata"));
    Map<String, Object> sd = map(p.get("subscription_data"));
    s.put("__subscription_metadata", sd == null ? null : sd.get("metadata"));
    store(a, s);
    a.lineItems.put(id, items);
    return visible(s);
  }

  private static Map<String, Object> customText() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("after_submit", null);
    t.put("shipping_address", null);
    t.put("submit", null);
    t.put("terms_of_service_acceptance", null);
    return t;
  }

  private List<Map<String, Object>> lineItems(Account a, Map<String, Object> p, String mode) {
    List<Map<String, Object>> out = new ArrayList<>();
    Object raw = p.get("line_items");
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list)) {
      throw StripeError.invalid("line_items", "Invalid array");
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "line_items[" + i + "]";
      Map<String, Object> li = map(list.get(i));
      if (li == null) {
        throw StripeError.invalid(at, "Invalid object");
      }
      long quantity = li.get("quantity") == null ? 1 : number(li, "quantity");
      if (quantity < 1) {
        throw StripeError.invalid(at + "[quantity]", "Quantity must be at least 1.");
      }
      Map<String, Object> price;
      if (li.get("price") != null) {
        price = a.objects.get((String) li.get("price"));
        if (price == null || !"price".equals(price.get("object"))) {
          throw StripeError.noSuch("price", (String) li.get("price"), at + "[price]");
        }
        price = Jsons.copy(price);
      } else if (li.get("price_data") != null) {
        Map<String, Object> pd = map(li.get("price_data"));
        String currency = required(pd, "currency", at + "[price_data][currency]");
        if (!currency.matches("[A-Za-z]{3}")) {
          throw StripeError.invalid(at + "[price_data][currency]", "Invalid currency: " + currency);
        }
        if (pd.get("unit_amount") == null) {
          throw StripeError.missing(at + "[price_data][unit_amount]");
        }
        long unit = number(pd, "unit_amount");
        if (unit < 0) {
          throw StripeError.invalid(
              at + "[price_data][unit_amount]", "Invalid non-negative integer");
        }
        Map<String, Object> product = map(pd.get("product_data"));
        if (product == null && pd.get("product") == null) {
          throw StripeError.missing(at + "[price_data][product_data]");
        }
        Map<String, Object> recurring = map(pd.get("recurring"));
        price =
            price(
                unit,
                currency.toLowerCase(),
                recurring == null ? null : (String) recurring.get("interval"),
                product == null ? "Product" : (String) product.get("name"));
      } else {
        throw StripeError.missing(at + "[price] or " + at + "[price_data]");
      }
      boolean recurring = price.get("recurring") != null;
      if (mode.equals("payment") && recurring) {
        throw StripeError.invalid(
            at + "[price]",
            "You specified `payment` mode but passed a recurring price. Either switch to"
                + " `subscription` mode or use only one-time prices.");
      }
      if (mode.equals("subscription") && !recurring) {
        throw StripeError.invalid(
            at + "[price]",
            "You must provide at least one recurring price in `subscription` mode when using"
                + " prices.");
      }
      long amount = (Long) price.get("unit_amount") * quantity;
      Map<String, Object> item = Fixtures.of("item");
      item.put("id", "li_1" + token(24));
      item.put("amount_subtotal", amount);
      item.put("amount_total", amount);
      item.put("currency", price.get("currency"));
      item.put("description", price.remove("__name"));
      item.put("price", price);
      item.put("quantity", quantity);
      item.put("adjustable_quantity", null);
      out.add(item);
    }
    return out;
  }

  private Map<String, Object> price(long unit, String currency, String interval, String name) {
    Map<String, Object> price = Fixtures.of("price");
    price.put("id", "price_1" + token(24));
    price.put("created", epoch());
    price.put("currency", currency);
    price.put("unit_amount", unit);
    price.put("unit_amount_decimal", Long.toString(unit));
    price.put("product", "prod_" + token(14));
    price.put("transform_quantity", null);
    price.put("custom_unit_amount", null);
    price.put("__name", name);
    if (interval == null) {
      price.put("recurring", null);
      price.put("type", "one_time");
    } else {
      if (!List.of("day", "week", "month", "year").contains(interval)) {
        throw StripeError.invalid("recurring[interval]", "Invalid interval: " + interval);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) price.get("recurring");
      r.put("interval", interval);
      r.put("interval_count", 1L);
      price.put("type", "recurring");
    }
    return price;
  }

  private Map<String, Object> createPrice(Account a, Map<String, Object> p) {
    String currency = required(p, "currency").toLowerCase();
    if (!currency.matches("[a-z]{3}")) {
      throw StripeError.invalid("currency", "Invalid currency: " + currency);
    }
    if (p.get("unit_amount") == null) {
      throw StripeError.missing("unit_amount");
    }
    Map<String, Object> recurring = map(p.get("recurring"));
    Map<String, Object> product = map(p.get("product_data"));
    Map<String, Object> price =
        price(
            number(p, "unit_amount"),
            currency,
            recurring == null ? null : (String) recurring.get("interval"),
            product == null ? "Product" : (String) product.get("name"));
    store(a, price);
    return visible(price);
  }

  /** What the hosted page shows of a session: its lines and total. */
  record PageView(
      String id,
      String status,
      String paymentStatus,
      String mode,
      String email,
      String currency,
      long total,
      List<String[]> lines,
      String successUrl,
      String cancelUrl,
      String merchant,
      long expiresAt) {}

  Optional<PageView> pageView(String sessionId) {
    synchronized (lock) {
      Account a = ownerOf.get(sessionId);
      if (a == null || !"checkout.session".equals(a.objects.get(sessionId).get("object"))) {
        return Optional.empty();
      }
      Map<String, Object> s = a.objects.get(sessionId);
      List<String[]> lines = new ArrayList<>();
      for (Map<String, Object> li : a.lineItems.getOrDefault(sessionId, List.of())) {
        lines.add(
            new String[] {
              String.valueOf(li.get("description")),
              String.valueOf(li.get("quantity")),
              String.valueOf(li.get("amount_total"))
            });
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> md = (Map<String, Object>) s.get("metadata");
      Object merchant = md == null ? null : md.get("plinth_tenant");
      return Optional.of(
          new PageView(
              sessionId,
              (String) s.get("status"),
              (String) s.get("payment_status"),
              (String) s.get("mode"),
              (String) s.get("customer_email"),
              (String) s.get("currency"),
              s.get("amount_total") == null ? 0 : (Long) s.get("amount_total"),
              lines,
              (String) s.get("success_url"),
              (String) s.get("cancel_url"),
              merchant == null ? a.id : merchant.toString(),
              (Long) s.get("expires_at")));
    }
  }

  /** The hosted page's "pay": completes the session with the details the customer typed. */
  void payFromPage(String sessionId, boolean delayed, String email, String name) {
    act(
        sessionId,
        defaultDelivery,
        (a, s, events) -> complete(a, s, !delayed, email, name, events));
  }

  private interface Action {
    void apply(Account a, Map<String, Object> session, List<Map<String, Object>> events);
  }

  private List<Map<String, Object>> act(String sessionId, Delivery delivery, Action action) {
    Account a;
    List<Map<String, Object>> events = new ArrayList<>();
    List<Map<String, Object>> copies;
    synchronized (lock) {
      a = ownerOf.get(sessionId);
      Map<String, Object> s = a == null ? null : a.objects.get(sessionId);
      if (s == null || !"checkout.session".equals(s.get("object"))) {
        throw new IllegalArgumentException("no checkout session " + sessionId);
      }
      action.apply(a, s, events);
      copies = events.stream().map(StripeSimulator::visible).toList();
    }
    deliver(a, events, delivery);
    return copies;
  }

  private void complete(
      Account a,
      Map<String, Object> s,
      boolean paid,
      String email,
      String name,
      List<Map<String, Object>> events) {
    if (!"open".equals(s.get("status"))) {
      throw new IllegalStateException(
          "checkout session " + s.get("id") + " is " + s.get("status") + ", not open");
    }
    if ((Long) s.get("expires_at") <= epoch()) {
      throw new IllegalStateException("checkout session " + s.get("id") + " has expired");
    }
    String mode = (String) s.get("mode");
    String mail =
        email != null && !email.isBlank()
            ? email
            : s.get("customer_email") != null
                ? (String) s.get("customer_email")
                : "customer@example.com";
    String customerName = name == null || name.isBlank() ? null : name;
    String customer = (String) s.get("customer");
    if (customer == null
        && (mode.equals("subscription") || "always".equals(s.get("customer_creation")))) {
      Map<String, Object> c = customer(mail, customerName);
      store(a, c);
      emit(a, "customer.created", c, null, null, events);
      customer = (String) c.get("id");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("address", null);
    details.put("email", mail);
    details.put("name", customerName);
    details.put("phone", null);
    details.put("tax_exempt", "none");
    details.put("tax_ids", new ArrayList<>());
    s.put("customer", customer);
    s.put("customer_details", details);
    s.put("status", "complete");
    if (mode.equals("setup")) {
      emit(a, "checkout.session.completed", s, null, null, events);
      return;
    }
    long amount = (Long) s.get("amount_total");
    String currency = (String) s.get("currency");
    Map<String, Object> pi =
        paymentIntent(amount, currency, customer, s.get("__payment_intent_metadata"));
    store(a, pi);
    s.put("payment_intent", mode.equals("payment") ? pi.get("id") : null);
    if (mode.equals("subscription")) {
      subscribe(a, s, customer, pi, events);
    }
    if (paid) {
      succeed(a, pi, mail, events);
      invoicePaid(a, s, events);
      s.put("payment_status", "paid");
    } else {
      pi.put("status", "processing");
      s.put("payment_status", "unpaid");
    }
    emit(a, "checkout.session.completed", s, null, null, events);
  }

  private void settle(
      Account a, Map<String, Object> s, boolean succeeded, List<Map<String, Object>> events) {
    if (!"complete".equals(s.get("status")) || !"unpaid".equals(s.get("payment_status"))) {
      throw new IllegalStateException(
          "checkout session " + s.get("id") + " is not awaiting a delayed payment");
    }
    Map<String, Object> pi = a.objects.get((String) s.get("payment_intent"));
    if (pi == null && s.get("subscription") != null) {
      Map<String, Object> sub = a.objects.get((String) s.get("subscription"));
      pi = a.objects.get((String) sub.get("__payment_intent"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) s.get("customer_details");
    if (succeeded) {
      succeed(a, pi, (String) details.get("email"), events);
      invoicePaid(a, s, events);
      s.put("payment_status", "paid");
      emit(a, "checkout.session.async_payment_succeeded", s, null, null, events);
    } else {
      pi.put("status", "requires_payment_method");
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", "payment_method_provider_decline");
      error.put("message", "The payment was declined by the bank.");
      error.put("type", "card_error");
      pi.put("last_payment_error", error);
      emit(a, "payment_intent.payment_failed", pi, null, null, events);
      emit(a, "checkout.session.async_payment_failed", s, null, null, events);
    }
  }

  private void expireSession(Account a, Map<String, Object> s, List<Map<String, Object>> events) {
    if (!"open".equals(s.get("status"))) {
      throw new IllegalStateException(
          "checkout session " + s.get("id") + " is " + s.get("status") + ", not open");
    }
    s.put("status", "expired");
    emit(a, "checkout.session.expired", s, null, null, events);
  }

  /** Stripe expires an open session at its {@code expires_at}. */
  private void expireDue() {
    try {
      List<String> due = new ArrayList<>();
      synchronized (lock) {
        long now = epoch();
        for (Account a : accounts.values()) {
          for (Map<String, Object> o : a.objects.values()) {
            if ("checkout.session".equals(o.get("object"))
                && "open".equals(o.get("status"))
                && (Long) o.get("expires_at") <= now) {
              due.add((String) o.get("id"));
            }
          }
        }
      }
      for (String id : due) {
        try {
          expire(id, defaultDelivery);
        } catch (IllegalStateException e) {
          // paid or expired meanwhile
        }
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  private Map<String, Object> paymentIntent(
      long amount, String currency, String customer, Object metadata) {
    Map<String, Object> pi = Fixtures.of("payment_intent");
    pi.put("id", "pi_3" + token(24));
    pi.put("client_secret", pi.get("id") + "_secret_" + token(25));
    pi.put("created", epoch());
    pi.put("amount", amount);
    pi.put("amount_received", 0L);
    pi.put("currency", currency);
    pi.put("customer", customer);
    pi.put("canceled_at", null);
    pi.put("last_payment_error", null);
    pi.put("next_action", null);
    pi.put("processing", null);
    pi.put("transfer_data", null);
    pi.put("payment_method_configuration_details", null);
    pi.put("metadata", metadata == null ? new LinkedHashMap<>() : metadata);
    pi.put("status", "requires_payment_method");
    return pi;
  }

  private void succeed(
      Account a, Map<String, Object> pi, String email, List<Map<String, Object>> events) {
    Map<String, Object> ch = Fixtures.of("charge");
    String chargeId = "ch_3" + token(24);
    long amount = (Long) pi.get("amount");
    ch.put("id", chargeId);
    ch.put("created", epoch());
    ch.put("amount", amount);
    ch.put("amount_captured", amount);
    ch.put("amount_refunded", 0L);
    ch.put("captured", true);
    ch.put("paid", true);
    ch.put("refunded", false);
    ch.put("status", "succeeded");
    ch.put("currency", pi.get("currency"));
    ch.put("customer", pi.get("customer"));
    ch.put("payment_intent", pi.get("id"));
    ch.put("description", null);
    ch.put("receipt_email", email);
    ch.put("receipt_url", baseUrl() + "/receipts/" + chargeId);
    ch.put("metadata", Jsons.copy(pi.get("metadata")));
    @SuppressWarnings("unchecked")
    Map<String, Object> billing = (Map<String, Object>) ch.get("billing_details");
    billing.put("email", email);
    billing.put("name", null);
    ch.put(
        "refunds",
        new LinkedHashMap<>(
            Map.of(
                "object",
                "list",
                "data",
                new ArrayList<>(),
                "has_more",
                false,
                "url",
                "/v1/charges/" + chargeId + "/refunds")));
    store(a, ch);
    pi.put("status", "succeeded");
    pi.put("amount_received", amount);
    pi.put("latest_charge", chargeId);
    pi.put("last_payment_error", null);
    emit(a, "charge.succeeded", ch, null, null, events);
    emit(a, "payment_intent.succeeded", pi, null, null, events);
  }

  private void subscribe(
      Account a,
      Map<String, Object> s,
      String customer,
      Map<String, Object> pi,
      List<Map<String, Object>> events) {
    long now = epoch();
    Map<String, Object> sub = Fixtures.of("subscription");
    String id = "sub_1" + token(24);
    List<Object> data = new ArrayList<>();
    long periodEnd = now;
    for (Map<String, Object> li : a.lineItems.get((String) s.get("id"))) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", "si_" + token(14));
      item.put("object", "subscription_item");
      item.put("created", now);
      item.put("metadata", new LinkedHashMap<>());
      item.put("price", Jsons.copy(li.get("price")));
      item.put("quantity", li.get("quantity"));
      item.put("subscription", id);
      item.put("tax_rates", new ArrayList<>());
      item.put("discounts", new ArrayList<>());
      item.put("current_period_start", now);
      @SuppressWarnings("unchecked")
      Map<String, Object> recurring =
          (Map<String, Object>) ((Map<String, Object>) li.get("price")).get("recurring");
      periodEnd = now + periodSeconds((String) recurring.get("interval"));
      item.put("current_period_end", periodEnd);
      data.add(item);
    }
    sub.put("id", id);
    sub.put("created", now);
    sub.put("start_date", now);
    sub.put("billing_cycle_anchor", now);
    sub.put("billing_cycle_anchor_config", null);
    sub.put("cancel_at", null);
    sub.put("canceled_at", null);
    sub.put("ended_at", null);
    sub.put("cancel_at_period_end", false);
    sub.put("customer", customer);
    sub.put("currency", s.get("currency"));
    sub.put("status", "incomplete");
    sub.put("pause_collection", null);
    sub.put("next_pending_invoice_item_invoice", null);
    sub.put(
        "metadata",
        s.get("__subscription_metadata") == null
            ? new LinkedHashMap<>()
            : Jsons.copy(s.get("__subscription_metadata")));
    sub.put(
        "items",
        new LinkedHashMap<>(
            Map.of(
                "object",
                "list",
                "data",
                data,
                "has_more",
                false,
                "url",
                "/v1/subscription_items?subscription=" + id)));
    sub.put("__payment_intent", pi.get("id"));
    Map<String, Object> invoice = Fixtures.of("invoice");
    String invoiceId = "in_1" + token(24);
    long amount = (Long) s.get("amount_total");
    invoice.put("id", invoiceId);
    invoice.put("created", now);
    invoice.put("customer", customer);
    invoice.put("currency", s.get("currency"));
    invoice.put("amount_due", amount);
    invoice.put("amount_paid", 0L);
    invoice.put("amount_remaining", amount);
    invoice.put("billing_reason", "subscription_create");
    invoice.put("status", "open");
    invoice.put("subscription", id);
    // since API 2025-03-31, an invoice names its subscription under parent and its payments in a
    // list
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("metadata", Jsons.copy(sub.get("metadata")));
    details.put("subscription", id);
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("quote_details", null);
    parent.put("subscription_details", details);
    parent.put("type", "subscription_details");
    invoice.put("parent", parent);
    Map<String, Object> payment = Fixtures.of("invoice_payment");
    payment.put("id", "inpay_1" + token(24));
    payment.put("created", now);
    payment.put("currency", s.get("currency"));
    payment.put("amount_requested", amount);
    payment.put("invoice", invoiceId);
    payment.put("livemode", false);
    payment.put("status", "open");
    payment.put(
        "payment",
        new LinkedHashMap<>(Map.of("type", "payment_intent", "payment_intent", pi.get("id"))));
    invoice.put(
        "payments",
        new LinkedHashMap<>(
            Map.of(
                "object",
                "list",
                "data",
                new ArrayList<>(List.of(payment)),
                "has_more",
                false,
                "url",
                "/v1/invoice_payments?invoice=" + invoiceId)));
    sub.put("__invoice", invoiceId);
    invoice.put("period_start", now);
    invoice.put("period_end", periodEnd);
    invoice.put("from_invoice", null);
    invoice.put("last_finalization_error", null);
    sub.put("latest_invoice", invoiceId);
    store(a, sub);
    store(a, invoice);
    s.put("subscription", id);
    s.put("invoice", invoiceId);
    emit(a, "customer.subscription.created", sub, null, null, events);
  }

  /** A subscription's first invoice is paid: the invoice is paid and the subscription active. */
  @SuppressWarnings("unchecked")
  private void invoicePaid(Account a, Map<String, Object> s, List<Map<String, Object>> events) {
    if (s.get("subscription") == null) {
      return;
    }
    Map<String, Object> sub = a.objects.get((String) s.get("subscription"));
    Map<String, Object> invoice = a.objects.get((String) sub.get("__invoice"));
    long amount = (Long) invoice.get("amount_due");
    invoice.put("amount_paid", amount);
    invoice.put("amount_remaining", 0L);
    invoice.put("status", "paid");
    Map<String, Object> payment =
        (Map<String, Object>)
            ((List<Object>) ((Map<String, Object>) invoice.get("payments")).get("data")).get(0);
    payment.put("amount_paid", amount);
    payment.put("status", "paid");
    emit(a, "invoice.paid", invoice, null, null, events);
    Map<String, Object> previous = new LinkedHashMap<>();
    previous.put("status", sub.get("status"));
    sub.put("status", "active");
    emit(a, "customer.subscription.updated", sub, previous, null, events);
  }

  private static long periodSeconds(String interval) {
    return switch (interval) {
      case "day" -> 86400L;
      case "week" -> 7 * 86400L;
      case "year" -> 365 * 86400L;
      default -> 30 * 86400L;
    };
  }

  // ---------------------------------------------------------------- other resources

  private Map<String, Object> customer(String email, String name) {
    Map<String, Object> c = Fixtures.of("customer");
    c.put("id", "cus_" + token(14));
    c.put("created", epoch());
    c.put("email", email);
    c.put("name", name);
    c.put("discount", null);
    c.put("currency", null);
    c.put("invoice_prefix", token(8).toUpperCase());
    return c;
  }

  private Map<String, Object> createCustomer(Account a, Map<String, Object> p, Ctx c) {
    Map<String, Object> o = customer((String) p.get("email"), (String) p.get("name"));
    if (p.get("metadata") != null) {
      o.put("metadata", p.get("metadata"));
    }
    store(a, o);
    emit(a, "customer.created", o, null, c);
    return o;
  }

  private Map<String, Object> createPaymentIntent(Account a, Map<String, Object> p, Ctx c) {
    if (p.get("amount") == null) {
      throw StripeError.missing("amount");
    }
    long amount = number(p, "amount");
    if (amount < 1) {
      throw StripeError.invalid("amount", "Amount must be at least 1");
    }
    Map<String, Object> pi =
        paymentIntent(
            amount, required(p, "currency"), (String) p.get("customer"), p.get("metadata"));
    store(a, pi);
    emit(a, "payment_intent.created", pi, null, c);
    return pi;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> refund(Account a, Map<String, Object> p, Ctx c) {
    Map<String, Object> charge;
    if (p.get("payment_intent") != null) {
      Map<String, Object> pi = a.objects.get((String) p.get("payment_intent"));
      if (pi == null || !"payment_intent".equals(pi.get("object"))) {
        throw StripeError.noSuch(
            "payment_intent", (String) p.get("payment_intent"), "payment_intent");
      }
      if (pi.get("latest_charge") == null || !"succeeded".equals(pi.get("status"))) {
        throw new StripeError(
            400,
            "invalid_request_error",
            "charge_not_refundable",
            "This PaymentIntent does not have a successful charge to refund.",
            "payment_intent");
      }
      charge = a.objects.get((String) pi.get("latest_charge"));
    } else if (p.get("charge") != null) {
      charge = a.objects.get((String) p.get("charge"));
      if (charge == null || !"charge".equals(charge.get("object"))) {
        throw StripeError.noSuch("charge", (String) p.get("charge"), "charge");
      }
    } else {
      throw StripeError.missing("payment_intent");
    }
    long captured = (Long) charge.get("amount_captured");
    long refunded = (Long) charge.get("amount_refunded");
    if (refunded >= captured) {
      throw new StripeError(
          400,
          "invalid_request_error",
          "charge_already_refunded",
          "Charge " + charge.get("id") + " has already been refunded.",
          null);
    }
    long amount = p.get("amount") == null ? captured - refunded : number(p, "amount");
    if (amount < 1) {
      throw StripeError.invalid("amount", "Refund amount must be at least 1.");
    }
    if (amount > captured - refunded) {
      throw new StripeError(
          400,
          "invalid_request_error",
          "amount_too_large",
          "Refund amount ("
              + amount
              + ") is greater than unrefunded amount on charge ("
              + (captured - refunded)
              + ")",
          "amount");
    }
    Map<String, Object> r = Fixtures.of("refund");
    r.put("id", "re_3" + token(24));
    r.put("created", epoch());
    r.put("amount", amount);
    r.put("currency", charge.get("currency"));
    r.put("charge", charge.get("id"));
    r.put("payment_intent", charge.get("payment_intent"));
    r.put("customer", charge.get("customer"));
    r.put("reason", p.get("reason"));
    r.put("metadata", p.get("metadata") == null ? new LinkedHashMap<>() : p.get("metadata"));
    r.put("status", "succeeded");
    store(a, r);
    charge.put("amount_refunded", refunded + amount);
    charge.put("refunded", refunded + amount == captured);
    ((List<Object>) ((Map<String, Object>) charge.get("refunds")).get("data"))
        .add(0, Jsons.copy(r));
    emit(a, "refund.created", r, null, c);
    emit(a, "charge.refunded", charge, null, c);
    return r;
  }

  private Map<String, Object> createEndpoint(Account a, Map<String, Object> p) {
    String url = required(p, "url");
    url(url, "url");
    Object enabled = p.get("enabled_events");
    if (!(enabled instanceof List<?> list) || list.isEmpty()) {
      throw StripeError.missing("enabled_events");
    }
    Map<String, Object> e =
        endpointObject(
            url, new ArrayList<>(list), bool(p, "connect"), (String) p.get("description"));
    String secret = "whsec_" + token(32);
    a.endpoints.put((String) e.get("id"), new Account.Endpoint(e, secret));
    store(a, e);
    Map<String, Object> answer = Jsons.copy(e);
    answer.put("secret", secret);
    return answer;
  }

  private Map<String, Object> endpointObject(
      String url, List<Object> enabled, boolean connect, String description) {
    Map<String, Object> e = Fixtures.of("webhook_endpoint");
    e.put("id", "we_1" + token(24));
    e.put("created", epoch());
    e.put("url", url);
    e.put("enabled_events", enabled);
    e.put("description", description);
    e.put("status", "enabled");
    e.put("connect", connect);
    return e;
  }

  private static Map<String, Object> withoutSecret(Map<String, Object> e) {
    Map<String, Object> c = Jsons.copy(e);
    c.remove("secret");
    return c;
  }

  private Map<String, Object> listEvents(Account a, Map<String, Object> p) {
    Map<String, Object> created = map(p.get("created"));
    Long gte = created == null || created.get("gte") == null ? null : number(created, "gte");
    Long lte = created == null || created.get("lte") == null ? null : number(created, "lte");
    String type = (String) p.get("type");
    Boolean delivered = p.get("delivery_success") == null ? null : bool(p, "delivery_success");
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
    return page(matching, p, "/v1/events");
  }

  private static boolean typeMatches(String filter, String type) {
    return filter.endsWith("*")
        ? type.startsWith(filter.substring(0, filter.length() - 1))
        : filter.equals(type);
  }

  // ---------------------------------------------------------------- events and deliveries

  private void emit(
      Account a, String type, Map<String, Object> object, Map<String, Object> previous, Ctx c) {
    emit(a, type, object, previous, c, c.events());
  }

  private void emit(
      Account a,
      String type,
      Map<String, Object> object,
      Map<String, Object> previous,
      Ctx c,
      List<Map<String, Object>> events) {
    Map<String, Object> e = Fixtures.of("event");
    e.put("id", "evt_1" + token(24));
    e.put("api_version", a.apiVersion == null ? API_VERSION : a.apiVersion);
    e.put("created", epoch());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("object", visible(object));
    if (previous != null && !previous.isEmpty()) {
      data.put("previous_attributes", previous);
    }
    e.put("data", data);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", c == null ? null : c.requestId());
    request.put("idempotency_key", c == null ? null : c.idemKey());
    e.put("request", request);
    e.put("type", type);
    if (a.platform != null) {
      e.put("account", a.id);
    }
    e.put("pending_webhooks", (long) targets(a, type).size());
    e.put("__delivered", false);
    store(a, e);
    a.events.add(e);
    events.add(e);
  }

  /** The endpoints an event of the account goes to: its own, and its platform's Connect ones. */
  private List<Account.Endpoint> targets(Account a, String type) {
    List<Account.Endpoint> out = new ArrayList<>();
    for (Account.Endpoint e : a.endpoints.values()) {
      if (!e.connect() && e.enabled() && e.wants(type)) {
        out.add(e);
      }
    }
    if (a.platform != null && accounts.containsKey(a.platform)) {
      for (Account.Endpoint e : accounts.get(a.platform).endpoints.values()) {
        if (e.connect() && e.enabled() && e.wants(type)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** Sends each event to each of its endpoints, as the plan says; never under the lock. */
  private void deliver(Account a, List<Map<String, Object>> events, Delivery delivery) {
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
              synchronized (lock) {
                to = targets(a, (String) event.get("type"));
                payload = Jsons.write(visible(event));
              }
              for (Account.Endpoint endpoint : to) {
                if (delivery.parallel()) {
                  List<Thread> threads = new ArrayList<>();
                  for (int i = 0; i < delivery.copies(); i++) {
                    Thread t = new Thread(() -> send(a, event, endpoint, payload, 1));
                    t.start();
                    threads.add(t);
                  }
                  for (Thread t : threads) {
                    t.join();
                  }
                } else {
                  for (int i = 0; i < delivery.copies(); i++) {
                    send(a, event, endpoint, payload, 1);
                  }
                }
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

  private void send(
      Account a,
      Map<String, Object> event,
      Account.Endpoint endpoint,
      String payload,
      int attempt) {
    List<String> secrets;
    synchronized (lock) {
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
                  WebhookSigner.header(payload, epoch(), secrets.toArray(String[]::new)))
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
        new Attempt(
            (String) event.get("id"),
            (String) event.get("type"),
            endpoint.url(),
            attempt,
            status,
            now()));
    if (status >= 200 && status < 300) {
      synchronized (lock) {
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
              send(a, event, endpoint, payload, attempt + 1);
            } finally {
              inFlight.decrementAndGet();
            }
          },
          delays.get(attempt - 1).toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  // ---------------------------------------------------------------- helpers

  private Account account(String id) {
    return accounts.computeIfAbsent(id, Account::new);
  }

  private Account.Endpoint endpoint(String id) {
    Account a = ownerOf.get(id);
    if (a == null || !a.endpoints.containsKey(id)) {
      throw new IllegalArgumentException("no webhook endpoint " + id);
    }
    return a.endpoints.get(id);
  }

  private void store(Account a, Map<String, Object> o) {
    String id = (String) o.get("id");
    a.objects.put(id, o);
    own(a, id);
  }

  private void own(Account a, String id) {
    ownerOf.put(id, a);
  }

  private Map<String, Object> get(Account a, Matcher m, String object) {
    String id = m.group(1);
    Map<String, Object> o = a.objects.get(id);
    if (o == null || !object.equals(o.get("object"))) {
      throw StripeError.noSuch(object, id, "id");
    }
    return o;
  }

  private Map<String, Object> list(
      Account a, String object, Map<String, Object> p, Predicate<Map<String, Object>> filter) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> o : a.objects.values()) {
      if (object.equals(o.get("object")) && (filter == null || filter.test(o))) {
        all.add(o);
      }
    }
    Collections.reverse(all);
    return page(
        all,
        p,
        object.equals("checkout.session") ? "/v1/checkout/sessions" : "/v1/" + object + "s");
  }

  /** A page of a list, newest first, with Stripe's {@code limit} and {@code starting_after}. */
  private static Map<String, Object> page(
      List<Map<String, Object>> newestFirst, Map<String, Object> p, String url) {
    long limit = p.get("limit") == null ? 10 : number(p, "limit");
    if (limit < 1 || limit > 100) {
      throw StripeError.invalid("limit", "This value must be between 1 and 100.");
    }
    int from = 0;
    if (p.get("starting_after") != null) {
      from = -1;
      for (int i = 0; i < newestFirst.size(); i++) {
        if (p.get("starting_after").equals(newestFirst.get(i).get("id"))) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw StripeError.noSuch("object", (String) p.get("starting_after"), "starting_after");
      }
    }
    int to = (int) Math.min(newestFirst.size(), from + limit);
    List<Object> data = new ArrayList<>();
    for (Map<String, Object> o : newestFirst.subList(from, to)) {
      data.add(visible(o));
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("object", "list");
    list.put("data", data);
    list.put("has_more", to < newestFirst.size());
    list.put("url", url);
    return list;
  }

  /** A copy without the simulator's own bookkeeping (keys starting with two underscores). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> visible(Map<String, Object> o) {
    Map<String, Object> c = new LinkedHashMap<>();
    o.forEach(
        (k, v) -> {
          if (!k.startsWith("__")) {
            c.put(k, v instanceof Map<?, ?> m ? visible((Map<String, Object>) m) : Jsons.copy(v));
          }
        });
    return c;
  }

  /** Sets the named fields from the parameters; returns their previous values. */
  private static Map<String, Object> update(
      Map<String, Object> o, Map<String, Object> p, String... fields) {
    Map<String, Object> previous = new LinkedHashMap<>();
    for (String f : fields) {
      if (p.containsKey(f)) {
        previous.put(f, o.get(f));
        o.put(f, p.get(f));
      }
    }
    if (p.get("metadata") instanceof Map<?, ?> md) {
      previous.put("metadata", Jsons.copy(o.get("metadata")));
      @SuppressWarnings("unchecked")
      Map<String, Object> current = (Map<String, Object>) o.get("metadata");
      md.forEach(
          (k, v) -> {
            if ("".equals(v)) {
              current.remove((String) k);
            } else {
              current.put((String) k, v);
            }
          });
    }
    return previous;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static String required(Map<String, Object> p, String name) {
    return required(p, name, name);
  }

  private static String required(Map<String, Object> p, String name, String param) {
    Object v = p.get(name);
    if (v == null || v.toString().isBlank()) {
      throw StripeError.missing(param);
    }
    if (!(v instanceof String s)) {
      throw StripeError.invalid(param, "Invalid string: " + param);
    }
    return s;
  }

  private static long number(Map<String, Object> p, String name) {
    Object v = p.get(name);
    if (v instanceof Long l) {
      return l;
    }
    try {
      return Long.parseLong(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw StripeError.invalid(name, "Invalid integer: " + v);
    }
  }

  private static boolean bool(Map<String, Object> p, String name) {
    Object v = p.get(name);
    if (v == null || v instanceof Boolean) {
      return Boolean.TRUE.equals(v);
    }
    return switch (v.toString()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw StripeError.invalid(name, "Invalid boolean: " + v);
    };
  }

  private static void url(String url, String param) {
    try {
      URI u = URI.create(url.replace("{CHECKOUT_SESSION_ID}", "x"));
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw StripeError.invalid(param, "Not a valid URL");
    }
  }

  private String token(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  static void send(
      HttpExchange ex, int status, String type, String body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
