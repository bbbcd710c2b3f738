package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkout sessions: created, read, listed and expired through the API; paid, paid later, settled
 * or expired by the test controls and the hosted page ({@link CheckoutPage}).
 */
final class Checkouts {

  private final State state;
  private final Events events;
  private final Customers customers;
  private final Payments payments;
  private final Subscriptions subscriptions;
  private final Invoices invoices;
  private final LineItems lineItems;

  Checkouts(
      State state,
      Events events,
      Customers customers,
      Payments payments,
      Subscriptions subscriptions,
      Invoices invoices,
      Prices prices) {
    this.state = state;
    this.events = events;
    this.customers = customers;
    this.payments = payments;
    this.subscriptions = subscriptions;
    this.invoices = invoices;
    this.lineItems = new LineItems(state, prices);
  }

  void routes(Routes r) {
    r.add("POST", "/v1/checkout/sessions", (m, a, p, c) -> create(a, p));
    r.readable(state, "/v1/checkout/sessions", "checkout.session");
    r.add(
        "POST",
        "/v1/checkout/sessions/([^/]+)/expire",
        (m, a, p, c) -> {
          Map<String, Object> s = state.get(a, m.group(1), "checkout.session");
          if (!"open".equals(s.get("status"))) {
            throw StripeError.state(
                "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout"
                    + " Session has a status of \""
                    + s.get("status")
                    + "\".");
          }
          expire(a, s, c);
          return s;
        });
    r.add(
        "GET",
        "/v1/checkout/sessions/([^/]+)/line_items",
        (m, a, p, c) -> {
          Map<String, Object> s = state.get(a, m.group(1), "checkout.session");
          return State.page(
              new ArrayList<>(a.lineItems.getOrDefault((String) s.get("id"), List.of())),
              p,
              "/v1/checkout/sessions/" + s.get("id") + "/line_items");
        });
  }

  // ---------------------------------------------------------------- test controls

  /** Applies a test control to an open (or, to settle, a completed) session. */
  List<Map<String, Object>> act(String sessionId, Delivery delivery, Events.Action action) {
    return events.act(sessionId, "checkout.session", delivery, action);
  }

  List<Map<String, Object>> pay(String sessionId, boolean paid, Delivery delivery) {
    return act(sessionId, delivery, (a, s, c) -> complete(a, s, paid, null, null, c));
  }

  List<Map<String, Object>> payAltered(
      String sessionId, long amountTotal, String currency, Delivery delivery) {
    return act(
        sessionId,
        delivery,
        (a, s, c) -> {
          s.put("amount_total", amountTotal);
          s.put("currency", currency);
          complete(a, s, true, null, null, c);
        });
  }

  List<Map<String, Object>> settle(String sessionId, boolean succeeded, Delivery delivery) {
    return act(sessionId, delivery, (a, s, c) -> settle(a, s, succeeded, c));
  }

  List<Map<String, Object>> expire(String sessionId, Delivery delivery) {
    return act(sessionId, delivery, this::expire);
  }

  /** The hosted page's "pay": completes the session with the details the customer typed. */
  void payFromPage(String sessionId, boolean delayed, String email, String name) {
    act(sessionId, events.defaultDelivery(), (a, s, c) -> complete(a, s, !delayed, email, name, c));
  }

  /** Stripe expires an open session at its {@code expires_at}. */
  void expireDue() {
    try {
      List<String> due = new ArrayList<>();
      synchronized (state.lock) {
        long now = state.epoch();
        for (Account a : state.accounts.values()) {
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
          expire(id, events.defaultDelivery());
        } catch (IllegalStateException e) {
          // paid or expired meanwhile
        }
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
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
    synchronized (state.lock) {
      Account a = state.owner(sessionId, "checkout.session");
      if (a == null) {
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

  // ---------------------------------------------------------------- the API

  private Map<String, Object> create(Account a, Map<String, Object> p) {
    String mode = Params.required(p, "mode");
    if (!List.of("payment", "subscription", "setup").contains(mode)) {
      throw StripeError.invalid(
          "mode", "Invalid mode: must be one of payment, subscription, setup");
    }
    String successUrl = Params.required(p, "success_url");
    Params.url(successUrl, "success_url");
    if (p.get("cancel_url") != null) {
      Params.url((String) p.get("cancel_url"), "cancel_url");
    }
    long now = state.epoch();
    long expiresAt = now + 24 * 3600;
    if (p.get("expires_at") != null) {
      expiresAt = Params.number(p, "expires_at");
      // a minute's leeway for the caller's clock and the request's travel
      if (expiresAt < now + 30 * 60 - 60 || expiresAt > now + 24 * 3600 + 60) {
        throw StripeError.invalid(
            "expires_at",
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from the Checkout"
                + " Session's creation.");
      }
    }
    String customer = (String) p.get("customer");
    if (customer != null && p.get("customer_email") != null) {
      throw StripeError.invalid(
          "customer_email",
          "You may only specify one of these parameters: customer, customer_email.");
    }
    onlyIn(p, "payment_intent_data", "payment", mode);
    onlyIn(p, "subscription_data", "subscription", mode);
    if (customer != null) {
      Map<String, Object> c = a.objects.get(customer);
      if (c == null || !"customer".equals(c.get("object"))) {
        throw StripeError.noSuch("customer", customer, "customer");
      }
    }
    List<Map<String, Object>> items = lineItems.of(a, p, mode);
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
    String id = "cs_test_a1" + state.token(56);
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
    s.put("url", state.baseUrl() + "/pay/" + id);
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
    Map<String, Object> pid = Params.map(p.get("payment_intent_data"));
    s.put("__payment_intent_metadata", pid == null ? null : pid.get("metadata"));
    s.put("__payment_intent_connect", connectedCharge(a, pid, total));
    Map<String, Object> sd = Params.map(p.get("subscription_data"));
    s.put("__subscription_metadata", sd == null ? null : sd.get("metadata"));
    state.store(a, s);
    a.lineItems.put(id, items);
    return State.visible(s);
  }

  /**
   * A Connect charge's terms from {@code payment_intent_data}, checked as Stripe checks them: the
   * application fee needs a direct charge (the request made with {@code Stripe-Account}) or a
   * destination, which must be an account connected to this one, and it fits in the total. Null
   * when there are none.
   */
  private Map<String, Object> connectedCharge(Account a, Map<String, Object> pid, long total) {
    if (pid == null) {
      return null;
    }
    Map<String, Object> transfer = Params.map(pid.get("transfer_data"));
    Object fee = pid.get("application_fee_amount");
    if (transfer == null && fee == null) {
      return null;
    }
    Map<String, Object> terms = new LinkedHashMap<>();
    if (transfer != null) {
      String destination =
          Params.required(
              transfer, "destination", "payment_intent_data[transfer_data][destination]");
      Map<String, Object> account = a.objects.get(destination);
      if (account == null || !"account".equals(account.get("object"))) {
        throw StripeError.invalid(
            "payment_intent_data[transfer_data][destination]",
            "No such destination: '" + destination + "'");
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("amount", null);
      data.put("destination", destination);
      terms.put("transfer_data", data);
    }
    if (fee != null) {
      long amount = Params.number(pid, "application_fee_amount");
      if (a.platform == null && transfer == null) {
        throw StripeError.invalid(
            "payment_intent_data[application_fee_amount]",
            "Can only apply an application_fee_amount when the PaymentIntent is attempting a"
                + " direct payment (using an OAuth key or Stripe-Account header) or destination"
                + " payment (using `transfer_data[destination]`).");
      }
      if (amount < 0 || amount > total) {
        throw StripeError.invalid(
            "payment_intent_data[application_fee_amount]",
            "The application fee amount must be between 0 and the amount of the charge ("
                + total
                + ").");
      }
      terms.put("application_fee_amount", amount);
    }
    return terms;
  }

  /** Stripe refuses a mode's own parameters in another mode. */
  private static void onlyIn(Map<String, Object> p, String param, String mode, String actual) {
    if (p.containsKey(param) && !mode.equals(actual)) {
      throw StripeError.invalid(
          param, "You can not pass `" + param + "` in `" + actual + "` mode.");
    }
  }

  private static Map<String, Object> customText() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("after_submit", null);
    t.put("shipping_address", null);
    t.put("submit", null);
    t.put("terms_of_service_acceptance", null);
    return t;
  }

  // ---------------------------------------------------------------- what happens to a session

  private void complete(
      Account a, Map<String, Object> s, boolean paid, String email, String name, Ctx c) {
    if (!"open".equals(s.get("status"))) {
      throw new IllegalStateException(
          "checkout session " + s.get("id") + " is " + s.get("status") + ", not open");
    }
    if ((Long) s.get("expires_at") <= state.epoch()) {
      throw new IllegalStateException("checkout session " + s.get("id") + " has expired");
    }
    String mode = (String) s.get("mode");
    String customer = (String) s.get("customer");
    Map<String, Object> known = customer == null ? null : a.objects.get(customer);
    String mail =
        email != null && !email.isBlank()
            ? email
            : s.get("customer_email") != null
                ? (String) s.get("customer_email")
                : known != null && known.get("email") != null
                    ? (String) known.get("email")
                    : "customer@example.com";
    String customerName = name == null || name.isBlank() ? null : name;
    if (customer == null
        && (mode.equals("subscription") || "always".equals(s.get("customer_creation")))) {
      customer = (String) customers.create(a, mail, customerName, null, c).get("id");
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
    s.put("payment_status", paid ? "paid" : "unpaid");
    if (mode.equals("setup")) {
      s.put("payment_status", "no_payment_required");
    } else if (mode.equals("subscription")) {
      Map<String, Object> sub = subscriptions.start(a, s, customer, c);
      s.put("subscription", sub.get("id"));
      s.put("invoice", sub.get("latest_invoice"));
      if (paid) {
        subscriptions.collect(a, sub, true, c);
      } else {
        processing(invoices.paymentIntent(a, subscriptions.latestInvoice(a, sub)));
      }
    } else {
      Map<String, Object> pi =
          payments.paymentIntent(
              a,
              (Long) s.get("amount_total"),
              (String) s.get("currency"),
              customer,
              s.get("__payment_intent_metadata"));
      s.put("payment_intent", pi.get("id"));
      @SuppressWarnings("unchecked")
      Map<String, Object> terms = (Map<String, Object>) s.get("__payment_intent_connect");
      if (terms != null) {
        pi.putAll(Jsons.copy(terms));
      }
      if (paid) {
        payments.succeed(a, pi, mail, c);
      } else {
        processing(pi);
      }
    }
    events.emit(a, "checkout.session.completed", s, null, c);
  }

  private static void processing(Map<String, Object> pi) {
    if (pi != null) {
      pi.put("status", "processing");
    }
  }

  private void settle(Account a, Map<String, Object> s, boolean succeeded, Ctx c) {
    if (!"complete".equals(s.get("status")) || !"unpaid".equals(s.get("payment_status"))) {
      throw new IllegalStateException(
          "checkout session " + s.get("id") + " is not awaiting a delayed payment");
    }
    if (s.get("subscription") != null) {
      subscriptions.collect(a, a.objects.get((String) s.get("subscription")), succeeded, c);
    } else if (succeeded) {
      @SuppressWarnings("unchecked")
      Map<String, Object> details = (Map<String, Object>) s.get("customer_details");
      payments.succeed(
          a, a.objects.get((String) s.get("payment_intent")), (String) details.get("email"), c);
    } else {
      payments.decline(a, a.objects.get((String) s.get("payment_intent")), c);
    }
    if (succeeded) {
      s.put("payment_status", "paid");
      events.emit(a, "checkout.session.async_payment_succeeded", s, null, c);
    } else {
      events.emit(a, "checkout.session.async_payment_failed", s, null, c);
    }
  }

  private void expire(Account a, Map<String, Object> s, Ctx c) {
    if (!"open".equals(s.get("status"))) {
      throw new IllegalStateException(
          "checkout session " + s.get("id") + " is " + s.get("status") + ", not open");
    }
    s.put("status", "expired");
    events.emit(a, "checkout.session.expired", s, null, c);
  }
}
