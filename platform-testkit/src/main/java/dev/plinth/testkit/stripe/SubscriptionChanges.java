package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change to a subscription's items through {@code POST /v1/subscriptions/{id}}: {@code
 * items[n][id]} with a new {@code price} or {@code quantity}, {@code deleted}, or a new item with
 * only a {@code price}. The unused time of the current period is prorated as {@code
 * proration_behavior} says:
 *
 * <ul>
 *   <li>{@code create_prorations} (the default): the difference is added to the next renewal's
 *       invoice;
 *   <li>{@code always_invoice}: it is invoiced, and paid, at once;
 *   <li>{@code none}: nothing is charged or credited.
 * </ul>
 *
 * <p>A price of another interval restarts the item's period now and invoices the new period at
 * once, less the unused time of the old price unless {@code none}, as Stripe does. A credit larger
 * than what is due is not kept as a customer balance.
 */
final class SubscriptionChanges {

  private static final List<String> PRORATIONS =
      List.of("create_prorations", "none", "always_invoice");

  private final State state;
  private final Invoices invoices;
  private final SubscriptionItems items;
  private final Subscriptions subscriptions;

  SubscriptionChanges(
      State state, Invoices invoices, SubscriptionItems items, Subscriptions subscriptions) {
    this.state = state;
    this.invoices = invoices;
    this.items = items;
    this.subscriptions = subscriptions;
  }

  /** One line of {@code items}: the item it changes (null for a new one) and what it changes. */
  private record Change(
      Map<String, Object> item, Map<String, Object> price, Long quantity, boolean deleted) {}

  /** The checked changes of one request, and what they cost once applied. */
  static final class Plan {
    final List<Change> changes = new ArrayList<>();
    final String proration;
    boolean restarted;
    long adjustment;

    Plan(String proration) {
      this.proration = proration;
    }
  }

  /** Checks the request's {@code items} and {@code proration_behavior}; changes nothing. */
  Plan plan(Account a, Map<String, Object> sub, Map<String, Object> p) {
    String proration = (String) p.getOrDefault("proration_behavior", "create_prorations");
    if (!PRORATIONS.contains(proration)) {
      throw StripeError.invalid(
          "proration_behavior",
          "Invalid proration_behavior: must be one of create_prorations, none, or always_invoice");
    }
    Plan plan = new Plan(proration);
    Object raw = p.get("items");
    if (raw == null) {
      return plan;
    }
    if (!(raw instanceof List<?> list)) {
      throw StripeError.invalid("items", "Invalid array");
    }
    for (int i = 0; i < list.size(); i++) {
      plan.changes.add(change(a, sub, Params.map(list.get(i)), "items[" + i + "]"));
    }
    long deleted = plan.changes.stream().filter(Change::deleted).count();
    long added = plan.changes.stream().filter(ch -> ch.item() == null).count();
    if (SubscriptionItems.of(sub).size() - deleted + added < 1) {
      throw StripeError.invalid("items", "A subscription must have at least one item.");
    }
    return plan;
  }

  private Change change(Account a, Map<String, Object> sub, Map<String, Object> li, String at) {
    if (li == null) {
      throw StripeError.invalid(at, "Invalid object");
    }
    Map<String, Object> item = null;
    if (li.get("id") != null) {
      item =
          SubscriptionItems.of(sub).stream()
              .filter(i -> li.get("id").equals(i.get("id")))
              .findFirst()
              .orElseThrow(
                  () ->
                      StripeError.noSuch("subscription_item", (String) li.get("id"), at + "[id]"));
    }
    Map<String, Object> price = li.get("price") == null ? null : price(a, sub, li, at);
    boolean deleted = li.get("deleted") != null && Params.bool(li, "deleted");
    if (item == null && (price == null || deleted)) {
      throw StripeError.missing(at + "[price]");
    }
    Long quantity = li.get("quantity") == null ? null : Params.number(li, "quantity");
    if (quantity != null && quantity < 1) {
      throw StripeError.invalid(at + "[quantity]", "Quantity must be at least 1.");
    }
    return new Change(item, price, quantity, deleted);
  }

  private static Map<String, Object> price(
      Account a, Map<String, Object> sub, Map<String, Object> li, String at) {
    String id = (String) li.get("price");
    Map<String, Object> price = a.objects.get(id);
    if (price == null || !"price".equals(price.get("object"))) {
      throw StripeError.noSuch("price", id, at + "[price]");
    }
    if (price.get("recurring") == null) {
      throw StripeError.invalid(
          at + "[price]",
          "The price specified is set to `type=one_time` but this field only accepts prices with"
              + " `type=recurring`.");
    }
    if (!price.get("currency").equals(sub.get("currency"))) {
      throw StripeError.invalid(
          at + "[price]",
          "The price specified only supports `"
              + price.get("currency")
              + "`. This doesn't match the expected currency: `"
              + sub.get("currency")
              + "`.");
    }
    return price;
  }

  /**
   * Applies the planned changes to the items and works out their proration; returns {@code
   * previous_attributes} ({@code items} as they were), empty if nothing changed.
   */
  Map<String, Object> apply(Account a, Map<String, Object> sub, Plan plan) {
    Map<String, Object> previous = new LinkedHashMap<>();
    if (plan.changes.isEmpty()) {
      return previous;
    }
    previous.put("items", SubscriptionItems.snapshot(sub));
    long now = state.epoch();
    List<Map<String, Object>> live = SubscriptionItems.of(sub);
    long adjustment = 0;
    for (Change ch : plan.changes) {
      if (ch.deleted()) {
        adjustment -= unused(ch.item(), now);
        live.remove(ch.item());
      } else if (ch.item() == null) {
        Map<String, Object> item =
            items.item(
                (String) sub.get("id"),
                ch.price(),
                ch.quantity() == null ? 1 : ch.quantity(),
                SubscriptionItems.periodStart(sub));
        live.add(item);
        adjustment += unused(item, now);
      } else {
        Map<String, Object> item = ch.item();
        long before = unused(item, now);
        String interval = SubscriptionItems.interval(Params.map(item.get("price")));
        if (ch.price() != null) {
          SubscriptionItems.setPrice(item, ch.price());
        }
        if (ch.quantity() != null) {
          item.put("quantity", ch.quantity());
        }
        if (!interval.equals(SubscriptionItems.interval(Params.map(item.get("price"))))) {
          SubscriptionItems.restart(item, now);
          plan.restarted = true;
          adjustment -= before;
        } else {
          adjustment += unused(item, now) - before;
        }
      }
    }
    plan.adjustment = plan.proration.equals("none") ? 0 : adjustment;
    if (plan.proration.equals("create_prorations") && !plan.restarted) {
      addPending(sub, plan.adjustment);
    }
    return previous;
  }

  /**
   * Invoices the change at once where it must be: a new interval (the new period, less credits), or
   * {@code always_invoice} (the proration, with any pending).
   */
  void invoice(Account a, Map<String, Object> sub, Plan plan, Ctx c) {
    boolean now =
        plan.restarted || (plan.proration.equals("always_invoice") && plan.adjustment != 0);
    if (!now) {
      return;
    }
    long at = state.epoch();
    long adjustment = plan.adjustment + takePending(sub);
    invoices.issue(a, sub, "subscription_update", at, at, adjustment, plan.restarted, c);
    subscriptions.collect(a, sub, true, c);
  }

  /** The prorations waiting for the next renewal's invoice, which are now taken. */
  static long takePending(Map<String, Object> sub) {
    Object pending = sub.remove("__pending_proration");
    return pending == null ? 0 : (Long) pending;
  }

  private static void addPending(Map<String, Object> sub, long amount) {
    sub.put("__pending_proration", takePending(sub) + amount);
  }

  /** What the rest of the item's current period is worth at its present price and quantity. */
  private static long unused(Map<String, Object> item, long now) {
    long start = (Long) item.get("current_period_start");
    long end = (Long) item.get("current_period_end");
    long amount =
        (Long) Params.map(item.get("price")).get("unit_amount") * (Long) item.get("quantity");
    if (end <= start || now >= end) {
      return 0;
    }
    double left = (double) (end - Math.max(now, start)) / (end - start);
    return Math.round(amount * left);
  }
}
