package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions: started by subscription-mode checkouts, read, changed ({@link
 * SubscriptionChanges}), set to cancel at the period's end, or canceled at once. Its status follows
 * its latest invoice: {@code incomplete} until the first is paid, {@code active}, {@code past_due}
 * while a renewal is unpaid, {@code canceled}.
 */
final class Subscriptions {

  private final State state;
  private final Events events;
  private final Invoices invoices;
  private final SubscriptionItems items;
  private final SubscriptionChanges changes;

  Subscriptions(State state, Events events, Invoices invoices) {
    this.state = state;
    this.events = events;
    this.invoices = invoices;
    this.items = new SubscriptionItems(state);
    this.changes = new SubscriptionChanges(state, invoices, items, this);
  }

  void routes(Routes r) {
    r.add(
        "GET",
        "/v1/subscriptions",
        (m, a, p, c) -> state.list(a, "subscription", p, o -> matches(o, p)));
    r.add(
        "GET",
        "/v1/subscriptions/([^/]+)",
        (m, a, p, c) -> state.get(a, m.group(1), "subscription"));
    r.add(
        "POST",
        "/v1/subscriptions/([^/]+)",
        (m, a, p, c) -> update(a, state.get(a, m.group(1), "subscription"), p, c));
    r.add(
        "DELETE",
        "/v1/subscriptions/([^/]+)",
        (m, a, p, c) -> {
          Map<String, Object> s = state.get(a, m.group(1), "subscription");
          if ("canceled".equals(s.get("status"))) {
            throw StripeError.state("This subscription is already canceled.");
          }
          end(a, s, state.epoch(), c);
          return s;
        });
  }

  /**
   * A completed subscription-mode checkout starts a subscription of its line items, {@code
   * incomplete} until its first invoice (issued now, for the session's total) is paid.
   */
  Map<String, Object> start(Account a, Map<String, Object> session, String customer, Ctx c) {
    long now = state.epoch();
    String id = "sub_1" + state.token(24);
    List<Object> data = new ArrayList<>();
    long total = 0;
    for (Map<String, Object> li : a.lineItems.get((String) session.get("id"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> price = (Map<String, Object>) li.get("price");
      data.add(items.item(id, price, (Long) li.get("quantity"), now));
      total += (Long) li.get("amount_total");
    }
    Map<String, Object> sub = Fixtures.of("subscription");
    sub.put("id", id);
    sub.put("created", now);
    sub.put("start_date", now);
    sub.put("billing_cycle_anchor", now);
    sub.put("billing_cycle_anchor_config", null);
    sub.put("cancel_at", null);
    sub.put("canceled_at", null);
    sub.put("ended_at", null);
    sub.put("cancel_at_period_end", false);
    sub.put("cancellation_details", cancellation(null));
    sub.put("customer", customer);
    sub.put("currency", session.get("currency"));
    sub.put("status", "incomplete");
    sub.put("pause_collection", null);
    sub.put("pending_invoice_item_interval", null);
    sub.put("pending_update", null);
    sub.put("next_pending_invoice_item_invoice", null);
    sub.put("transfer_data", null);
    sub.put("trial_start", null);
    sub.put("trial_end", null);
    sub.put("billing_thresholds", null);
    sub.put("billing_schedules", new ArrayList<>());
    sub.put(
        "metadata",
        session.get("__subscription_metadata") == null
            ? new LinkedHashMap<>()
            : Jsons.copy(session.get("__subscription_metadata")));
    sub.put("items", State.list(data, false, "/v1/subscription_items?subscription=" + id));
    state.store(a, sub);
    // an altered checkout total (see StripeSimulator.payAltered) shows as an adjustment line
    long adjustment = (Long) session.get("amount_total") - total;
    invoices.issue(a, sub, "subscription_create", now, now, adjustment, true, c);
    events.emit(a, "customer.subscription.created", sub, null, c);
    return sub;
  }

  Map<String, Object> latestInvoice(Account a, Map<String, Object> sub) {
    return a.objects.get((String) sub.get("latest_invoice"));
  }

  /**
   * Attempts the payment of the subscription's latest invoice; the subscription follows it: {@code
   * active} once paid, {@code past_due} when a renewal is declined (a declined first invoice leaves
   * it {@code incomplete}).
   */
  void collect(Account a, Map<String, Object> sub, boolean succeeds, Ctx c) {
    invoices.collect(a, latestInvoice(a, sub), succeeds, c);
    String status = (String) sub.get("status");
    if (succeeds) {
      status = "active";
    } else if (!status.equals("incomplete")) {
      status = "past_due";
    }
    if (!status.equals(sub.get("status"))) {
      Map<String, Object> previous = new LinkedHashMap<>();
      previous.put("status", sub.get("status"));
      sub.put("status", status);
      events.emit(a, "customer.subscription.updated", sub, previous, c);
    }
  }

  /** Sets whether the subscription ends when its current period does; emits the change. */
  void cancelAtPeriodEnd(Account a, Map<String, Object> sub, boolean cancel, Ctx c) {
    if ("canceled".equals(sub.get("status"))) {
      throw StripeError.state("A canceled subscription can only update its metadata.");
    }
    updated(a, sub, cancelAtPeriodEnd(sub, cancel), c);
  }

  /**
   * Whether the subscription ends rather than renews at the end of its current period: it was set
   * to cancel then.
   */
  static boolean endsWithPeriod(Map<String, Object> sub) {
    return sub.get("cancel_at") instanceof Long at && at <= SubscriptionItems.periodEnd(sub);
  }

  /** The subscription ends at {@code at}: {@code canceled}, with its deletion event. */
  void end(Account a, Map<String, Object> sub, long at, Ctx c) {
    sub.put("status", "canceled");
    if (sub.get("canceled_at") == null || !Boolean.TRUE.equals(sub.get("cancel_at_period_end"))) {
      sub.put("canceled_at", state.epoch());
    }
    sub.put("ended_at", at);
    sub.put("cancellation_details", cancellation("cancellation_requested"));
    events.emit(a, "customer.subscription.deleted", sub, null, c);
  }

  /** Emits {@code customer.subscription.updated} if anything changed. */
  void updated(Account a, Map<String, Object> sub, Map<String, Object> previous, Ctx c) {
    if (!previous.isEmpty()) {
      events.emit(a, "customer.subscription.updated", sub, previous, c);
    }
  }

  private Map<String, Object> update(
      Account a, Map<String, Object> sub, Map<String, Object> p, Ctx c) {
    if ("canceled".equals(sub.get("status"))
        && p.keySet().stream().anyMatch(k -> !k.equals("metadata") && !k.equals("expand"))) {
      throw StripeError.state("A canceled subscription can only update its metadata.");
    }
    SubscriptionChanges.Plan plan = changes.plan(a, sub, p);
    Boolean cancel =
        p.containsKey("cancel_at_period_end") ? Params.bool(p, "cancel_at_period_end") : null;
    Map<String, Object> previous = changes.apply(a, sub, plan);
    if (cancel != null) {
      previous.putAll(cancelAtPeriodEnd(sub, cancel));
    }
    previous.putAll(Params.update(sub, p, "description"));
    updated(a, sub, previous, c);
    changes.invoice(a, sub, plan, c);
    return sub;
  }

  /** Sets {@code cancel_at_period_end} and what goes with it; returns what it changed. */
  private Map<String, Object> cancelAtPeriodEnd(Map<String, Object> sub, boolean cancel) {
    Map<String, Object> previous = new LinkedHashMap<>();
    if (cancel == Boolean.TRUE.equals(sub.get("cancel_at_period_end"))) {
      return previous;
    }
    for (String f :
        List.of("cancel_at", "cancel_at_period_end", "canceled_at", "cancellation_details")) {
      previous.put(f, Jsons.copy(sub.get(f)));
    }
    sub.put("cancel_at_period_end", cancel);
    sub.put("cancel_at", cancel ? SubscriptionItems.periodEnd(sub) : null);
    sub.put("canceled_at", cancel ? state.epoch() : null);
    sub.put("cancellation_details", cancellation(cancel ? "cancellation_requested" : null));
    return previous;
  }

  private static Map<String, Object> cancellation(String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("comment", null);
    details.put("feedback", null);
    details.put("reason", reason);
    return details;
  }

  /**
   * The filters of {@code GET /v1/subscriptions}: without {@code status}, Stripe lists the
   * subscriptions that are not canceled; {@code status=all} lists every one.
   */
  private static boolean matches(Map<String, Object> sub, Map<String, Object> p) {
    Object status = p.get("status");
    boolean statusMatches =
        status == null
            ? !"canceled".equals(sub.get("status"))
            : status.equals("all") || status.equals(sub.get("status"));
    return statusMatches
        && (p.get("customer") == null || p.get("customer").equals(sub.get("customer")))
        && (p.get("price") == null
            || SubscriptionItems.of(sub).stream()
                .anyMatch(i -> p.get("price").equals(Params.map(i.get("price")).get("id"))));
  }
}
