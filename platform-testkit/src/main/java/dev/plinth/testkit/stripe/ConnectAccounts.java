package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe Connect seen from a platform: the accounts connected to it ({@code POST/GET
 * /v1/accounts}), their onboarding through Account Links ({@code POST /v1/account_links}) and the
 * hosted onboarding page each link leads to.
 *
 * <ul>
 *   <li>An account's object lives in its platform's account, so only the platform's key reads it;
 *       any other key is answered 403 {@code account_invalid}, as Stripe answers for an account
 *       that is not connected to the caller (or does not exist).
 *   <li>A new account has {@code charges_enabled} false until its onboarding is completed on the
 *       hosted page (or by {@link StripeSimulator#completeOnboarding}): then {@code
 *       charges_enabled}, {@code payouts_enabled} and {@code details_submitted} turn true and
 *       {@code account.updated} is sent to the platform's Connect endpoints, with {@code account}.
 *   <li>A link works once, for five minutes; a used or expired one sends the browser to its {@code
 *       refresh_url}, as Stripe does.
 *   <li>An account first named by a platform in {@code Stripe-Account} (see {@link
 *       Accounts#resolve}) is one that already exists: it is connected to that platform, onboarded.
 * </ul>
 */
final class ConnectAccounts {

  /** How long an account link works. */
  static final long LINK_SECONDS = 300;

  private final State state;
  private final Events events;

  /** The links handed out, by their token; guarded by the state's lock. */
  private final Map<String, Link> links = new LinkedHashMap<>();

  private record Link(
      String account, String returnUrl, String refreshUrl, long expiresAt, boolean[] used) {}

  ConnectAccounts(State state, Events events) {
    this.state = state;
    this.events = events;
  }

  void routes(Routes r) {
    r.add("POST", "/v1/accounts", (m, a, p, c) -> create(a, p));
    r.add("GET", "/v1/accounts", (m, a, p, c) -> state.list(a, "account", p, null));
    r.add("GET", "/v1/accounts/([^/]+)", (m, a, p, c) -> account(a, m.group(1)));
    r.add("POST", "/v1/account_links", (m, a, p, c) -> link(a, p));
  }

  /** An account connected to {@code platform}, onboarded already or not; returns its id. */
  String connect(String platform, boolean onboarded) {
    synchronized (state.lock) {
      Account a = state.account(platform);
      Map<String, Object> account = newAccount(a, "express");
      if (onboarded) {
        enable(account);
      }
      return (String) account.get("id");
    }
  }

  /**
   * An account that a platform named in {@code Stripe-Account} before it was known here: it is that
   * platform's, and onboarded. Called under the lock.
   */
  void claimed(Account platform, Account connected) {
    if (!platform.objects.containsKey(connected.id)) {
      Map<String, Object> account = accountObject(connected.id, "standard");
      enable(account);
      state.store(platform, account);
    }
  }

  /**
   * Onboarding completes: the account can take charges, and its platform hears of it.
   *
   * @throws IllegalArgumentException if no platform has such an account
   */
  List<Map<String, Object>> completeOnboarding(String accountId, Delivery delivery) {
    return connectedEvent(
        accountId,
        delivery,
        (platform, account) -> {
          Map<String, Object> previous = new LinkedHashMap<>();
          previous.put("charges_enabled", account.get("charges_enabled"));
          previous.put("details_submitted", account.get("details_submitted"));
          previous.put("payouts_enabled", account.get("payouts_enabled"));
          enable(account);
          return new Emitted("account.updated", account, previous);
        });
  }

  /**
   * The account disconnects from its platform (from its own Stripe dashboard, say): {@code
   * account.application.deauthorized}, about the platform's application, goes to the platform's
   * Connect endpoints with the account. Its objects stay, as Stripe keeps them.
   *
   * @throws IllegalArgumentException if no platform has such an account
   */
  List<Map<String, Object>> deauthorize(String accountId, Delivery delivery) {
    return connectedEvent(
        accountId,
        delivery,
        (platform, account) -> {
          Map<String, Object> application = Fixtures.of("application");
          application.put("id", "ca_" + state.token(24));
          application.put("name", "Platform " + platform.id);
          return new Emitted("account.application.deauthorized", application, null);
        });
  }

  /** An event of a connected account: its type, object and previous attributes. */
  private record Emitted(String type, Map<String, Object> object, Map<String, Object> previous) {}

  /**
   * Changes a connected account under the lock ({@code change} gets its platform and the account as
   * the platform stores it) and sends the account's event that the change answers to the platform's
   * Connect endpoints. Returns the events.
   */
  private List<Map<String, Object>> connectedEvent(
      String accountId,
      Delivery delivery,
      java.util.function.BiFunction<Account, Map<String, Object>, Emitted> change) {
    Ctx ctx = Ctx.internal();
    Account connected;
    List<Map<String, Object>> copies;
    synchronized (state.lock) {
      Account platform = state.owner(accountId, "account");
      if (platform == null) {
        throw new IllegalArgumentException("no connected account " + accountId);
      }
      Emitted e = change.apply(platform, platform.objects.get(accountId));
      // the event is the connected account's: its platform's Connect endpoints get it
      connected = state.account(accountId);
      events.emit(connected, e.type(), e.object(), e.previous(), ctx);
      copies = ctx.events().stream().map(State::visible).toList();
    }
    events.deliver(connected, ctx.events(), delivery);
    return copies;
  }

  // ---------------------------------------------------------------- the API

  private Map<String, Object> create(Account a, Map<String, Object> p) {
    if (a.platform != null) {
      throw StripeError.invalid(
          null, "A connected account cannot create accounts: use the platform's own key.");
    }
    String type = p.get("type") == null ? "standard" : (String) p.get("type");
    if (!List.of("standard", "express", "custom").contains(type)) {
      throw StripeError.invalid(
          "type", "Invalid type: must be one of custom, express, or standard");
    }
    Map<String, Object> account = newAccount(a, type);
    if (p.get("email") != null) {
      account.put("email", p.get("email"));
    }
    if (p.get("metadata") != null) {
      account.put("metadata", p.get("metadata"));
    }
    return account;
  }

  private Map<String, Object> account(Account a, String id) {
    Map<String, Object> account = a.objects.get(id);
    if (account == null || !"account".equals(account.get("object"))) {
      throw noAccess(id);
    }
    return account;
  }

  private Map<String, Object> link(Account a, Map<String, Object> p) {
    String accountId = Params.required(p, "account");
    account(a, accountId);
    String type = Params.required(p, "type");
    if (!List.of("account_onboarding", "account_update").contains(type)) {
      throw StripeError.invalid(
          "type", "Invalid type: must be one of account_onboarding or account_update");
    }
    String returnUrl = Params.required(p, "return_url");
    Params.url(returnUrl, "return_url");
    String refreshUrl = Params.required(p, "refresh_url");
    Params.url(refreshUrl, "refresh_url");
    long now = state.epoch();
    String token = state.token(24);
    links.put(
        token,
        new Link(accountId, returnUrl, refreshUrl, now + LINK_SECONDS, new boolean[] {false}));
    Map<String, Object> link = Fixtures.of("account_link");
    link.put("created", now);
    link.put("expires_at", now + LINK_SECONDS);
    link.put("url", state.baseUrl() + "/connect/onboarding/" + token);
    return link;
  }

  // ---------------------------------------------------------------- the hosted page

  /**
   * {@code GET /connect/onboarding/{token}}: the form; {@code POST} with {@code action=complete}
   * completes the onboarding and sends the browser to {@code return_url}; {@code action=leave} goes
   * there with the onboarding left incomplete.
   */
  void serve(HttpExchange ex, String token) throws IOException {
    Link link;
    synchronized (state.lock) {
      link = links.get(token);
    }
    if (link == null) {
      Html.notFound(ex, "onboarding link", token);
      return;
    }
    boolean post = ex.getRequestMethod().equals("POST");
    synchronized (state.lock) {
      if (!post && (link.used()[0] || state.epoch() >= link.expiresAt())) {
        Http.redirect(ex, link.refreshUrl());
        return;
      }
      link.used()[0] = true;
    }
    if (post) {
      Map<String, Object> form = FormBody.parse(Http.body(ex));
      if ("complete".equals(form.get("action"))) {
        completeOnboarding(link.account(), events.defaultDelivery());
      }
      Http.redirect(ex, link.returnUrl());
      return;
    }
    String body =
        "<p>Set up payments for Stripe account <strong id=\"account\">"
            + Html.esc(link.account())
            + "</strong>.</p>"
            + "<form method=\"post\" action=\"/connect/onboarding/"
            + Html.esc(token)
            + "\">"
            + "<label for=\"business\">Business name</label>"
            + "<input id=\"business\" name=\"business\" value=\"Test professional\">"
            + "<label for=\"iban\">Bank account</label>"
            + "<input id=\"iban\" name=\"iban\" value=\"000123456789\">"
            + "<button id=\"complete\" type=\"submit\" name=\"action\" value=\"complete\">"
            + "Agree and submit</button>"
            + "<button id=\"leave\" class=\"link\" type=\"submit\" name=\"action\" value=\"leave\">"
            + "Save and finish later</button>"
            + "</form>"
            + "<p class=\"note\">Stripe simulator: test mode, nothing is verified.</p>";
    Html.html(ex, 200, Html.page("Connect onboarding", body));
  }

  // ---------------------------------------------------------------- accounts

  /** A new account connected to the platform {@code a}, stored there. Called under the lock. */
  private Map<String, Object> newAccount(Account a, String type) {
    String id = "acct_1" + state.token(15);
    Account connected = state.account(id);
    connected.platform = a.id;
    Map<String, Object> account = accountObject(id, type);
    state.store(a, account);
    return account;
  }

  private Map<String, Object> accountObject(String id, String type) {
    Map<String, Object> account = Fixtures.of("account");
    account.put("id", id);
    account.put("type", type);
    account.put("created", state.epoch());
    account.put("email", null);
    Map<String, Object> controller = new LinkedHashMap<>();
    controller.put("type", "application");
    account.put("controller", controller);
    @SuppressWarnings("unchecked")
    Map<String, Object> externals = (Map<String, Object>) account.get("external_accounts");
    externals.put("url", "/v1/accounts/" + id + "/external_accounts");
    account.put("charges_enabled", false);
    account.put("payouts_enabled", false);
    account.put("details_submitted", false);
    return account;
  }

  @SuppressWarnings("unchecked")
  private static void enable(Map<String, Object> account) {
    account.put("charges_enabled", true);
    account.put("payouts_enabled", true);
    account.put("details_submitted", true);
    Map<String, Object> requirements = (Map<String, Object>) account.get("requirements");
    requirements.put("currently_due", new ArrayList<>());
    requirements.put("eventually_due", new ArrayList<>());
    requirements.put("disabled_reason", null);
  }

  static StripeError noAccess(String accountId) {
    return new StripeError(
        403,
        "invalid_request_error",
        "account_invalid",
        "The provided key does not have access to account '"
            + accountId
            + "' (or that account does not exist). Application access may have been revoked.",
        null);
  }
}
