package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
 *       customers, payment intents, charges, refunds, products, prices (with {@code lookup_key}),
 *       subscriptions (read, change price or quantity with prorations, cancel at period end,
 *       cancel), invoices, billing portal sessions and webhook endpoints; {@code expand[]} of ids;
 *   <li>a hosted checkout page at each session's {@code url} (see {@link CheckoutPage}) and a
 *       hosted billing portal at each portal session's {@code url} (see {@link PortalPage});
 *   <li>webhook deliveries signed as Stripe signs them, to the endpoints registered for the account
 *       (Connect endpoints of the platform get its connected accounts' events, with {@code
 *       account}), retried on failure, and on request duplicated, reordered, delayed or dropped
 *       ({@link Delivery}).
 * </ul>
 *
 * <p>Tests drive payments with {@link #pay}, {@link #payLater}, {@link #settle} and {@link
 * #expire}, and subscriptions through time with {@link #advanceSubscription}, {@link #failRenewal}
 * and {@link #retryRenewal}; a person pays on the hosted page. It runs standalone with {@link
 * #main}.
 */
public final class StripeSimulator implements AutoCloseable {

  /**
   * The API version stripe-java 33 speaks; events are rendered in it unless a request names
   * another.
   */
  public static final String API_VERSION = "2026-07-29.dahlia";

  private final State state = new State();
  private final Events events = new Events(state);
  private final ConnectAccounts connect = new ConnectAccounts(state, events);
  private final Accounts accounts = new Accounts(state, connect);
  private final WebhookEndpoints endpoints = new WebhookEndpoints(state);
  private final Prices prices = new Prices(state);
  private final Customers customers = new Customers(state, events);
  private final Payments payments = new Payments(state, events);
  private final Invoices invoices = new Invoices(state, events, payments, prices);
  private final Subscriptions subscriptions = new Subscriptions(state, events, invoices);
  private final Renewals renewals = new Renewals(events, invoices, subscriptions);
  private final BillingPortal portal = new BillingPortal(state, events, subscriptions, prices);
  private final Checkouts checkouts =
      new Checkouts(state, events, customers, payments, subscriptions, invoices, prices);
  private final Routes routes = new Routes();

  private final HttpServer server;
  private final ExecutorService http;
  private final Api api = new Api(state, accounts, events, routes);

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

  private StripeSimulator(int port) throws IOException {
    checkouts.routes(routes);
    events.routes(routes);
    customers.routes(routes);
    payments.routes(routes);
    prices.routes(routes);
    subscriptions.routes(routes);
    invoices.routes(routes);
    portal.routes(routes);
    endpoints.routes(routes);
    connect.routes(routes);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    http = Executors.newFixedThreadPool(16, Http.daemon("stripe-sim-http"));
    server.setExecutor(http);
    server.createContext("/", this::serve);
    server.start();
    state.baseUrl("http://127.0.0.1:" + server.getAddress().getPort());
    events.scheduler().scheduleWithFixedDelay(checkouts::expireDue, 1, 1, TimeUnit.SECONDS);
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
    return state.baseUrl();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    http.shutdownNow();
    events.close();
  }

  // ---------------------------------------------------------------- the Java API for tests

  /** The simulator's time: the real time, moved forward by {@link #advanceClock}. */
  public Instant now() {
    return state.now();
  }

  public long epoch() {
    return state.epoch();
  }

  /** Moves the simulator's time forward, as a test moves Plinth's. */
  public void advanceClock(Duration by) {
    state.advanceClock(by);
  }

  public void resetClock() {
    state.resetClock();
  }

  /** How long a failed delivery waits before each retry; after the last, it is given up. */
  public void retryDelays(List<Duration> delays) {
    events.retryDelays(delays);
  }

  /** How events are delivered when no {@link Delivery} is named, such as from the hosted page. */
  public void defaultDelivery(Delivery delivery) {
    events.defaultDelivery(delivery);
  }

  /** The account that a secret key opens; the same key always opens the same account. */
  public static String accountOf(String apiKey) {
    return Accounts.accountOf(apiKey);
  }

  /** From now on this key is refused with 401, as a rolled or deleted key is. */
  public void revokeKey(String apiKey) {
    accounts.revoke(apiKey);
  }

  /**
   * Every API request made with this key (or for this connected account) answers {@code status}
   * with a Stripe error; {@code 0} drops the connection without an answer, as a network failure.
   */
  public void fail(String apiKeyOrAccount, int status) {
    accounts.fail(apiKeyOrAccount, status);
  }

  public void heal(String apiKeyOrAccount) {
    accounts.heal(apiKeyOrAccount);
  }

  /**
   * Registers a webhook endpoint with a secret of the caller's choosing, as an operator does when
   * copying a Connect endpoint's secret from Stripe's dashboard into configuration.
   */
  public String addEndpoint(String apiKey, String url, String secret, boolean connect) {
    return endpoints.add(apiKey, url, secret, connect);
  }

  /**
   * Rolls an endpoint's secret: deliveries carry a signature for the new secret and, until {@link
   * #dropOldSecrets}, for the old one too.
   */
  public String rollSecret(String endpointId) {
    return endpoints.rollSecret(endpointId);
  }

  public void dropOldSecrets(String endpointId) {
    endpoints.dropOldSecrets(endpointId);
  }

  /**
   * A new account connected to the platform that {@code platformKey} opens, as {@code POST
   * /v1/accounts} makes one; {@code onboarded} says whether it can take charges already (else
   * {@link #completeOnboarding} or the hosted onboarding page completes it). Returns its id.
   */
  public String connectAccount(String platformKey, boolean onboarded) {
    return connect.connect(accountOf(platformKey), onboarded);
  }

  /**
   * A connected account's onboarding completes, as on the hosted page: it can take charges, and
   * {@code account.updated} goes to its platform's Connect endpoints. Returns the events.
   */
  public List<Map<String, Object>> completeOnboarding(String accountId) {
    return connect.completeOnboarding(accountId, events.defaultDelivery());
  }

  /**
   * A connected account leaves its platform: {@code account.application.deauthorized} goes to the
   * platform's Connect endpoints. Returns the events.
   */
  public List<Map<String, Object>> deauthorize(String accountId) {
    return connect.deauthorize(accountId, events.defaultDelivery());
  }

  /** The account that holds the object {@code id} (a connected account's id for its objects). */
  public Optional<String> holderOf(String id) {
    synchronized (state.lock) {
      Account a = state.ownerOf.get(id);
      return a == null ? Optional.empty() : Optional.of(a.id);
    }
  }

  /** Creates a price in the key's account, for subscription checkouts. */
  public String createPrice(String apiKey, long unitAmount, String currency, String interval) {
    return prices.create(apiKey, unitAmount, currency, interval);
  }

  /** Creates a customer in the key's account, as {@code POST /v1/customers} does. */
  public String createCustomer(String apiKey, String email, String name) {
    synchronized (state.lock) {
      Account a = state.account(accountOf(apiKey));
      return (String) customers.create(a, email, name, null, Ctx.internal()).get("id");
    }
  }

  /** Pays an open session by card: it completes, paid, and its events are delivered. */
  public List<Map<String, Object>> pay(String sessionId, Delivery delivery) {
    return checkouts.pay(sessionId, true, delivery);
  }

  public List<Map<String, Object>> pay(String sessionId) {
    return pay(sessionId, events.defaultDelivery());
  }

  /**
   * Pays an open session by card, but for {@code amountTotal} in {@code currency} instead of what
   * it was created for: the completed session, its payment and its events all carry the altered
   * total, as when a session was changed between its creation and its payment. Tests use it to
   * check that a paid amount is compared with what was asked.
   */
  public List<Map<String, Object>> payAltered(
      String sessionId, long amountTotal, String currency, Delivery delivery) {
    return checkouts.payAltered(sessionId, amountTotal, currency, delivery);
  }

  /**
   * Pays with a delayed method (a bank debit): the session completes with {@code payment_status}
   * {@code unpaid}, and {@link #settle} decides later.
   */
  public List<Map<String, Object>> payLater(String sessionId, Delivery delivery) {
    return checkouts.pay(sessionId, false, delivery);
  }

  /** The delayed payment of a completed, unpaid session succeeds or fails. */
  public List<Map<String, Object>> settle(String sessionId, boolean succeeded, Delivery delivery) {
    return checkouts.settle(sessionId, succeeded, delivery);
  }

  /** Expires an open session now, as Stripe does at its {@code expires_at}. */
  public List<Map<String, Object>> expire(String sessionId, Delivery delivery) {
    return checkouts.expire(sessionId, delivery);
  }

  /**
   * The subscription's current period ends, as Stripe's billing does at the period's end (the
   * simulator's clock does not move; the subscription's periods do):
   *
   * <ul>
   *   <li>if it was set to cancel then ({@code cancel_at_period_end}), it ends: {@code canceled},
   *       {@code ended_at} its old period's end, {@code customer.subscription.deleted};
   *   <li>otherwise it renews: each item's {@code current_period_start/_end} moves one interval on
   *       ({@code customer.subscription.updated}, whose {@code previous_attributes} hold the items
   *       as they were), a {@code subscription_cycle} invoice is issued ({@code invoice.created},
   *       {@code invoice.finalized}) with any pending prorations, and paid ({@code
   *       charge.succeeded}, {@code payment_intent.succeeded}, {@code invoice.paid}, {@code
   *       invoice.payment_succeeded}); a {@code past_due} subscription becomes {@code active} again
   *       (another {@code customer.subscription.updated}).
   * </ul>
   *
   * @return the events, as delivered
   * @throws IllegalStateException if the subscription is canceled
   * @throws IllegalArgumentException if there is no such subscription
   */
  public List<Map<String, Object>> advanceSubscription(String subscriptionId, Delivery delivery) {
    return renewals.advance(subscriptionId, delivery);
  }

  public List<Map<String, Object>> advanceSubscription(String subscriptionId) {
    return advanceSubscription(subscriptionId, events.defaultDelivery());
  }

  /**
   * The subscription renews as with {@link #advanceSubscription}, but the renewal's payment is
   * declined: {@code payment_intent.payment_failed}, {@code invoice.payment_failed} (the invoice
   * stays {@code open}, with {@code next_payment_attempt}), and the subscription turns {@code
   * past_due} ({@code customer.subscription.updated}). {@link #retryRenewal} or a later {@link
   * #advanceSubscription} that is paid makes it {@code active} again.
   *
   * @throws IllegalStateException if the subscription is canceled or ends with this period
   */
  public List<Map<String, Object>> failRenewal(String subscriptionId, Delivery delivery) {
    return renewals.failRenewal(subscriptionId, delivery);
  }

  public List<Map<String, Object>> failRenewal(String subscriptionId) {
    return failRenewal(subscriptionId, events.defaultDelivery());
  }

  /**
   * Stripe retries the payment of the subscription's latest, unpaid invoice (its period does not
   * move): if it {@code succeeds}, the invoice is paid ({@code invoice.paid}, {@code
   * invoice.payment_succeeded}) and the subscription {@code active}; if not, {@code
   * invoice.payment_failed} again and it stays {@code past_due}.
   *
   * @throws IllegalStateException if the latest invoice is not open, or the subscription canceled
   */
  public List<Map<String, Object>> retryRenewal(
      String subscriptionId, boolean succeeds, Delivery delivery) {
    return renewals.retry(subscriptionId, succeeds, delivery);
  }

  /** Sends an event again, as Stripe's "resend" does. */
  public void redeliver(String eventId, Delivery delivery) {
    events.redeliver(eventId, delivery);
  }

  /** A copy of any object the simulator holds, by id. */
  public Optional<Map<String, Object>> object(String id) {
    synchronized (state.lock) {
      Account a = state.ownerOf.get(id);
      return a == null ? Optional.empty() : Optional.of(Jsons.copy(a.objects.get(id)));
    }
  }

  /** The events of the account a key opens (or of a connected account), oldest first. */
  public List<Map<String, Object>> events(String apiKeyOrAccount) {
    synchronized (state.lock) {
      Account a = state.accounts.get(Accounts.accountOfKeyOrId(apiKeyOrAccount));
      return a == null ? List.of() : Jsons.copy(a.events);
    }
  }

  /** Every API request so far. */
  public List<Request> requests() {
    return api.requests();
  }

  /** How many requests matched, such as checkout sessions created by one account. */
  public long count(Predicate<Request> which) {
    return api.requests().stream().filter(which).count();
  }

  /** Every webhook delivery attempt so far. */
  public List<Attempt> attempts() {
    return events.attempts();
  }

  /** Waits until no delivery is under way or waiting to be retried, or the time is up. */
  public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
    return events.awaitDeliveries(timeout);
  }

  // ---------------------------------------------------------------- HTTP

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/pay/")) {
        CheckoutPage.serve(checkouts, ex, path.substring("/pay/".length()));
      } else if (path.startsWith("/connect/onboarding/")) {
        connect.serve(ex, path.substring("/connect/onboarding/".length()));
      } else if (path.startsWith("/billing/")) {
        PortalPage.serve(portal, ex, path.substring("/billing/".length()));
      } else if (path.startsWith("/v1/")) {
        api.handle(ex, path);
      } else if (path.equals("/") || path.equals("/health")) {
        Http.send(ex, 200, "application/json", "{\"simulator\":\"stripe\",\"ok\":true}", Map.of());
      } else {
        Http.send(ex, 404, "text/plain", "not found", Map.of());
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }
}
