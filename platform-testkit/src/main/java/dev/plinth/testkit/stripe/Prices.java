package dev.plinth.testkit.stripe;

import java.util.List;
import java.util.Map;

/** Prices, one-time or recurring, made through the API or inline by a checkout's line items. */
final class Prices {

  private final State state;

  Prices(State state) {
    this.state = state;
  }

  void routes(Routes r) {
    r.add("POST", "/v1/prices", (m, a, p, c) -> create(a, p));
    r.add("GET", "/v1/prices/([^/]+)", (m, a, p, c) -> state.get(a, m.group(1), "price"));
  }

  /** Creates a price in the key's account (a test control). */
  String create(String apiKey, long unitAmount, String currency, String interval) {
    synchronized (state.lock) {
      Account a = state.account(Accounts.accountOf(apiKey));
      Map<String, Object> p = price(unitAmount, currency, interval, "Plan");
      state.store(a, p);
      return (String) p.get("id");
    }
  }

  /**
   * A new price, not stored; {@code interval} is null for a one-time price. Its product's name is
   * kept in {@code __name}, for the line items that use it.
   */
  Map<String, Object> price(long unit, String currency, String interval, String name) {
    Map<String, Object> price = Fixtures.of("price");
    price.put("id", "price_1" + state.token(24));
    price.put("created", state.epoch());
    price.put("currency", currency);
    price.put("unit_amount", unit);
    price.put("unit_amount_decimal", Long.toString(unit));
    price.put("product", "prod_" + state.token(14));
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

  private Map<String, Object> create(Account a, Map<String, Object> p) {
    String currency = Params.required(p, "currency").toLowerCase();
    if (!currency.matches("[a-z]{3}")) {
      throw StripeError.invalid("currency", "Invalid currency: " + currency);
    }
    if (p.get("unit_amount") == null) {
      throw StripeError.missing("unit_amount");
    }
    Map<String, Object> recurring = Params.map(p.get("recurring"));
    Map<String, Object> product = Params.map(p.get("product_data"));
    Map<String, Object> price =
        price(
            Params.number(p, "unit_amount"),
            currency,
            recurring == null ? null : (String) recurring.get("interval"),
            product == null ? "Product" : (String) product.get("name"));
    state.store(a, price);
    return State.visible(price);
  }
}
