package dev.plinth.testkit.stripe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test controls that move a subscription through time, as Stripe's billing does at the end of
 * each period: renew it (paid, or declined and retried later), or end it if it was set to cancel
 * then. The simulator's clock does not move: the subscription's periods do.
 */
final class Renewals {

  private final Events events;
  private final Invoices invoices;
  private final Subscriptions subscriptions;

  Renewals(Events events, Invoices invoices, Subscriptions subscriptions) {
    this.events = events;
    this.invoices = invoices;
    this.subscriptions = subscriptions;
  }

  /** The period ends: the subscription renews and its renewal is paid, or it ends as it was set. */
  List<Map<String, Object>> advance(String subscriptionId, Delivery delivery) {
    return act(
        subscriptionId,
        delivery,
        (a, sub, c) -> {
          if (Subscriptions.endsWithPeriod(sub)) {
            subscriptions.end(a, sub, (Long) sub.get("cancel_at"), c);
          } else {
            renew(a, sub, true, c);
          }
        });
  }

  /** The period ends and the subscription renews, but the renewal's payment is declined. */
  List<Map<String, Object>> failRenewal(String subscriptionId, Delivery delivery) {
    return act(
        subscriptionId,
        delivery,
        (a, sub, c) -> {
          if (Subscriptions.endsWithPeriod(sub)) {
            throw new IllegalStateException(
                "subscription " + sub.get("id") + " ends with its period: it has no renewal");
          }
          renew(a, sub, false, c);
        });
  }

  /** Stripe retries the payment of the latest, unpaid invoice: it succeeds or is declined again. */
  List<Map<String, Object>> retry(String subscriptionId, boolean succeeds, Delivery delivery) {
    return act(
        subscriptionId,
        delivery,
        (a, sub, c) -> {
          Map<String, Object> invoice = subscriptions.latestInvoice(a, sub);
          if (!"open".equals(invoice.get("status"))) {
            throw new IllegalStateException(
                "the latest invoice of subscription " + sub.get("id") + " is not unpaid");
          }
          subscriptions.collect(a, sub, succeeds, c);
        });
  }

  private List<Map<String, Object>> act(String id, Delivery delivery, Events.Action action) {
    return events.act(
        id,
        "subscription",
        delivery,
        (a, sub, c) -> {
          if ("canceled".equals(sub.get("status"))) {
            throw new IllegalStateException("subscription " + id + " is canceled");
          }
          action.apply(a, sub, c);
        });
  }

  /**
   * Each item moves on to its next period ({@code customer.subscription.updated}, with the items as
   * they were), and the new period is invoiced, with any pending prorations, and collected.
   */
  private void renew(Account a, Map<String, Object> sub, boolean succeeds, Ctx c) {
    Map<String, Object> previous = new LinkedHashMap<>();
    previous.put("items", SubscriptionItems.snapshot(sub));
    previous.put("latest_invoice", sub.get("latest_invoice"));
    long start = SubscriptionItems.periodStart(sub);
    long end = SubscriptionItems.periodEnd(sub);
    SubscriptionItems.of(sub).forEach(SubscriptionItems::advance);
    // as Stripe does, a renewal invoice's own period is the one that ended; its lines, the new one
    invoices.issue(
        a, sub, "subscription_cycle", start, end, SubscriptionChanges.takePending(sub), true, c);
    subscriptions.updated(a, sub, previous, c);
    subscriptions.collect(a, sub, succeeds, c);
  }
}
