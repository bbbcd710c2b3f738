package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Billing portal sessions: {@code POST /v1/billing_portal/sessions} gives a customer a link to a
 * hosted page ({@link PortalPage}) where they see their subscriptions, set one to cancel at the end
 * of its period (or take that back), and return to {@code return_url}.
 */
final class BillingPortal {

  private final State state;
  private final Events events;
  private final Subscriptions subscriptions;
  private final Prices prices;

  BillingPortal(State state, Events events, Subscriptions subscriptions, Prices prices) {
    this.state = state;
    this.events = events;
    this.subscriptions = subscriptions;
    this.prices = prices;
  }

  void routes(Routes r) {
    r.add("POST", "/v1/billing_portal/sessions", (m, a, p, c) -> create(a, p));
  }

  private Map<String, Object> create(Account a, Map<String, Object> p) {
    String customer = Params.required(p, "customer");
    Map<String, Object> known = a.objects.get(customer);
    if (known == null || !"customer".equals(known.get("object"))) {
      throw StripeError.noSuch("customer", customer, "customer");
    }
    String returnUrl = (String) p.get("return_url");
    if (returnUrl != null) {
      Params.url(returnUrl, "return_url");
    }
    Map<String, Object> s = Fixtures.of("billing_portal.session");
    String id = "bps_1" + state.token(24);
    s.put("id", id);
    // one default portal configuration per account
    s.put("configuration", "bpc_1" + a.id.substring("acct_1".length()));
    s.put("created", state.epoch());
    s.put("customer", customer);
    s.put("customer_account", null);
    s.put("flow", null);
    s.put("livemode", false);
    s.put("locale", p.get("locale"));
    s.put("on_behalf_of", null);
    s.put("return_url", returnUrl);
    s.put("url", state.baseUrl() + "/billing/" + id);
    state.store(a, s);
    return s;
  }

  /** One subscription as the portal shows it. */
  record Line(
      String id,
      String status,
      String description,
      long amount,
      String currency,
      String interval,
      long periodEnd,
      boolean cancelAtPeriodEnd) {}

  /** What the portal page shows: the customer, their subscriptions, the way back. */
  record View(String id, String email, String name, String returnUrl, List<Line> subscriptions) {}

  Optional<View> view(String sessionId) {
    synchronized (state.lock) {
      Account a = state.owner(sessionId, "billing_portal.session");
      if (a == null) {
        return Optional.empty();
      }
      Map<String, Object> s = a.objects.get(sessionId);
      Map<String, Object> customer = a.objects.get((String) s.get("customer"));
      List<Line> lines = new ArrayList<>();
      for (Map<String, Object> o : a.objects.values()) {
        if ("subscription".equals(o.get("object"))
            && customer.get("id").equals(o.get("customer"))) {
          lines.add(line(a, o));
        }
      }
      return Optional.of(
          new View(
              sessionId,
              (String) customer.get("email"),
              (String) customer.get("name"),
              (String) s.get("return_url"),
              lines));
    }
  }

  private Line line(Account a, Map<String, Object> sub) {
    Map<String, Object> item = SubscriptionItems.of(sub).get(0);
    Map<String, Object> price = Params.map(item.get("price"));
    long amount =
        SubscriptionItems.of(sub).stream()
            .mapToLong(
                i ->
                    (Long) Params.map(i.get("price")).get("unit_amount") * (Long) i.get("quantity"))
            .sum();
    return new Line(
        (String) sub.get("id"),
        (String) sub.get("status"),
        prices.productName(a, price),
        amount,
        (String) sub.get("currency"),
        SubscriptionItems.interval(price),
        SubscriptionItems.periodEnd(sub),
        Boolean.TRUE.equals(sub.get("cancel_at_period_end")));
  }

  /**
   * The customer of portal session {@code sessionId} sets their subscription to cancel at the end
   * of its period, or takes that back; the change's event is delivered as events of the hosted
   * pages are.
   */
  void cancelAtPeriodEnd(String sessionId, String subscriptionId, boolean cancel) {
    String customer;
    synchronized (state.lock) {
      Account a = state.owner(sessionId, "billing_portal.session");
      customer = a == null ? null : (String) a.objects.get(sessionId).get("customer");
    }
    events.act(
        subscriptionId,
        "subscription",
        events.defaultDelivery(),
        (a, sub, c) -> {
          if (customer == null || !customer.equals(sub.get("customer"))) {
            throw new IllegalArgumentException("no subscription " + subscriptionId + " here");
          }
          subscriptions.cancelAtPeriodEnd(a, sub, cancel, c);
        });
  }
}
