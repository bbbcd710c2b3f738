package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Subscriptions, made by subscription-mode checkouts: read, updated and canceled. */
final class Subscriptions {

  private final State state;
  private final Events events;
  private final Invoices invoices;

  Subscriptions(State state, Events events, Invoices invoices) {
    this.state = state;
    this.events = events;
    this.invoices = invoices;
  }

  void routes(Routes r) {
    r.readable(state, "/v1/subscriptions", "subscription");
    r.add(
        "POST",
        "/v1/subscriptions/([^/]+)",
        (m, a, p, c) -> {
          Map<String, Object> s = state.get(a, m.group(1), "subscription");
          if ("canceled".equals(s.get("status"))) {
            throw StripeError.state("A canceled subscription can only update its metadata.");
          }
          if (p.containsKey("cancel_at_period_end")) {
            p.put("cancel_at_period_end", Params.bool(p, "cancel_at_period_end"));
          }
          Map<String, Object> previous = Params.update(s, p, "cancel_at_period_end", "description");
          events.emit(a, "customer.subscription.updated", s, previous, c);
          return s;
        });
    r.add(
        "DELETE",
        "/v1/subscriptions/([^/]+)",
        (m, a, p, c) -> {
          Map<String, Object> s = state.get(a, m.group(1), "subscription");
          if ("canceled".equals(s.get("status"))) {
            throw StripeError.state("This subscription is already canceled.");
          }
          s.put("status", "canceled");
          s.put("canceled_at", state.epoch());
          s.put("ended_at", state.epoch());
          events.emit(a, "customer.subscription.deleted", s, null, c);
          return s;
        });
  }

  /**
   * A completed subscription-mode checkout starts a subscription, {@code incomplete} until its
   * first invoice is paid by {@code pi}.
   */
  void subscribe(
      Account a, Map<String, Object> session, String customer, Map<String, Object> pi, Ctx c) {
    long now = state.epoch();
    Map<String, Object> sub = Fixtures.of("subscription");
    String id = "sub_1" + state.token(24);
    List<Object> data = new ArrayList<>();
    long periodEnd = now;
    for (Map<String, Object> li : a.lineItems.get((String) session.get("id"))) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", "si_" + state.token(14));
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
    sub.put("currency", session.get("currency"));
    sub.put("status", "incomplete");
    sub.put("pause_collection", null);
    sub.put("next_pending_invoice_item_invoice", null);
    sub.put(
        "metadata",
        session.get("__subscription_metadata") == null
            ? new LinkedHashMap<>()
            : Jsons.copy(session.get("__subscription_metadata")));
    sub.put("items", State.list(data, false, "/v1/subscription_items?subscription=" + id));
    sub.put("__payment_intent", pi.get("id"));
    Map<String, Object> invoice =
        invoices.open(
            a, sub, (Long) session.get("amount_total"), pi, "subscription_create", now, periodEnd);
    sub.put("__invoice", invoice.get("id"));
    sub.put("latest_invoice", invoice.get("id"));
    state.store(a, sub);
    session.put("subscription", id);
    session.put("invoice", invoice.get("id"));
    events.emit(a, "customer.subscription.created", sub, null, c);
  }

  /** A subscription's first invoice is paid: the invoice is paid and the subscription active. */
  void firstInvoicePaid(Account a, Map<String, Object> session, Ctx c) {
    if (session.get("subscription") == null) {
      return;
    }
    Map<String, Object> sub = a.objects.get((String) session.get("subscription"));
    invoices.paid(a, a.objects.get((String) sub.get("__invoice")), c);
    Map<String, Object> previous = new LinkedHashMap<>();
    previous.put("status", sub.get("status"));
    sub.put("status", "active");
    events.emit(a, "customer.subscription.updated", sub, previous, c);
  }

  /** The payment intent that pays a subscription's latest invoice. */
  Map<String, Object> latestPayment(Account a, String subscriptionId) {
    return a.objects.get((String) a.objects.get(subscriptionId).get("__payment_intent"));
  }

  private static long periodSeconds(String interval) {
    return switch (interval) {
      case "day" -> 86400L;
      case "week" -> 7 * 86400L;
      case "year" -> 365 * 86400L;
      default -> 30 * 86400L;
    };
  }
}
