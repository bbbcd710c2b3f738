package dev.plinth.testkit.stripe;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscription's items. Since API 2025-03-31 each item carries its own current period ({@code
 * current_period_start}, {@code current_period_end}); the subscription has none. Periods follow the
 * calendar, in UTC, as Stripe's do (a month from 31 January ends on the last day of February).
 */
final class SubscriptionItems {

  private final State state;

  SubscriptionItems(State state) {
    this.state = state;
  }

  /** The subscription's live items, in order. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> of(Map<String, Object> sub) {
    return (List<Map<String, Object>>) ((Map<String, Object>) sub.get("items")).get("data");
  }

  /** A copy of the subscription's items list, for {@code previous_attributes}. */
  static Map<String, Object> snapshot(Map<String, Object> sub) {
    return State.visible(Jsons.copy(Params.map(sub.get("items"))));
  }

  /** The end of the subscription's current period: the latest of its items'. */
  static long periodEnd(Map<String, Object> sub) {
    return of(sub).stream().mapToLong(i -> (Long) i.get("current_period_end")).max().orElseThrow();
  }

  static long periodStart(Map<String, Object> sub) {
    return of(sub).stream()
        .mapToLong(i -> (Long) i.get("current_period_start"))
        .min()
        .orElseThrow();
  }

  /** A new item of {@code price} whose period starts at {@code start}. */
  Map<String, Object> item(
      String subscription, Map<String, Object> price, long quantity, long start) {
    Map<String, Object> item = Fixtures.of("subscription_item");
    item.put("id", "si_" + state.token(14));
    item.put("created", state.epoch());
    item.put("metadata", new LinkedHashMap<>());
    item.put("quantity", quantity);
    item.put("subscription", subscription);
    item.put("tax_rates", new ArrayList<>());
    item.put("discounts", new ArrayList<>());
    item.put("billing_thresholds", null);
    setPrice(item, price);
    item.put("current_period_start", start);
    item.put("current_period_end", next(start, price));
    return item;
  }

  /** The item's price (and its legacy {@code plan}, which mirrors a recurring price). */
  static void setPrice(Map<String, Object> item, Map<String, Object> price) {
    Map<String, Object> p = State.visible(price);
    item.put("price", p);
    @SuppressWarnings("unchecked")
    Map<String, Object> recurring = (Map<String, Object>) p.get("recurring");
    Map<String, Object> plan = Fixtures.of("plan");
    plan.put("id", p.get("id"));
    plan.put("active", p.get("active"));
    plan.put("amount", p.get("unit_amount"));
    plan.put("amount_decimal", p.get("unit_amount_decimal"));
    plan.put("billing_scheme", "per_unit");
    plan.put("created", p.get("created"));
    plan.put("currency", p.get("currency"));
    plan.put("interval", recurring.get("interval"));
    plan.put("interval_count", recurring.get("interval_count"));
    plan.put("livemode", false);
    plan.put("metadata", Jsons.copy(p.get("metadata")));
    plan.put("nickname", p.get("nickname"));
    plan.put("product", p.get("product"));
    plan.put("tiers_mode", null);
    plan.put("transform_usage", null);
    plan.put("trial_period_days", null);
    plan.put("usage_type", "licensed");
    item.put("plan", plan);
  }

  /** The item moves on to its next period, which starts where the current one ends. */
  @SuppressWarnings("unchecked")
  static void advance(Map<String, Object> item) {
    long start = (Long) item.get("current_period_end");
    item.put("current_period_start", start);
    item.put("current_period_end", next(start, (Map<String, Object>) item.get("price")));
  }

  /** The item's period restarts at {@code start}, as when its price's interval changes. */
  @SuppressWarnings("unchecked")
  static void restart(Map<String, Object> item, long start) {
    item.put("current_period_start", start);
    item.put("current_period_end", next(start, (Map<String, Object>) item.get("price")));
  }

  /** The end of a period of the recurring {@code price} that starts at {@code start}. */
  @SuppressWarnings("unchecked")
  static long next(long start, Map<String, Object> price) {
    Map<String, Object> recurring = (Map<String, Object>) price.get("recurring");
    long count = (Long) recurring.get("interval_count");
    ZonedDateTime from = Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC);
    ZonedDateTime to =
        switch ((String) recurring.get("interval")) {
          case "day" -> from.plusDays(count);
          case "week" -> from.plusWeeks(count);
          case "year" -> from.plusYears(count);
          default -> from.plusMonths(count);
        };
    return to.toEpochSecond();
  }

  /** The recurring interval of a price, such as "month" or "3 month". */
  @SuppressWarnings("unchecked")
  static String interval(Map<String, Object> price) {
    Map<String, Object> recurring = (Map<String, Object>) price.get("recurring");
    return recurring.get("interval_count") + " " + recurring.get("interval");
  }
}
