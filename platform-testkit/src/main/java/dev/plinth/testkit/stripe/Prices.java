package dev.plinth.testkit.stripe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Products and their prices, one-time or recurring: made through the API ({@code product_data}
 * makes the product on the way), inline by a checkout's {@code price_data}, or by a test control. A
 * price may carry a {@code lookup_key}, unique among the account's prices unless it is transferred.
 */
final class Prices {

  private static final List<String> INTERVALS = List.of("day", "week", "month", "year");

  private final State state;

  Prices(State state) {
    this.state = state;
  }

  void routes(Routes r) {
    r.add("POST", "/v1/prices", (m, a, p, c) -> create(a, p));
    r.add("GET", "/v1/prices", (m, a, p, c) -> state.list(a, "price", p, o -> matches(o, p)));
    r.add("GET", "/v1/prices/([^/]+)", (m, a, p, c) -> state.get(a, m.group(1), "price"));
    r.add(
        "POST",
        "/v1/prices/([^/]+)",
        (m, a, p, c) -> {
          Map<String, Object> price = state.get(a, m.group(1), "price");
          if (p.containsKey("active")) {
            p.put("active", Params.bool(p, "active"));
          }
          Map<String, Object> holder = lookupKeyHolder(a, price, p);
          if (holder != null) {
            holder.put("lookup_key", null);
          }
          Params.update(price, p, "active", "nickname", "lookup_key");
          return price;
        });
    r.add(
        "POST",
        "/v1/products",
        (m, a, p, c) ->
            product(a, Params.required(p, "name"), p.get("metadata"), p.get("description")));
    r.readable(state, "/v1/products", "product");
  }

  /** Creates a monthly, yearly... price of a product named "Plan" in the key's account. */
  String create(String apiKey, long unitAmount, String currency, String interval) {
    synchronized (state.lock) {
      Account a = state.account(Accounts.accountOf(apiKey));
      if (interval != null) {
        checkInterval(interval, 1, "recurring");
      }
      String product = (String) product(a, "Plan", null, null).get("id");
      Map<String, Object> p = price(unitAmount, currency, interval, 1, product);
      state.store(a, p);
      return (String) p.get("id");
    }
  }

  /** A new, stored product. */
  Map<String, Object> product(Account a, String name, Object metadata, Object description) {
    Map<String, Object> product = Fixtures.of("product");
    long now = state.epoch();
    product.put("id", "prod_" + state.token(14));
    product.put("created", now);
    product.put("updated", now);
    product.put("name", name);
    product.put("description", description);
    product.put("default_price", null);
    product.put("metadata", metadata == null ? new LinkedHashMap<>() : metadata);
    product.put("package_dimensions", null);
    product.put("type", "service");
    state.store(a, product);
    return product;
  }

  /**
   * The product of {@code product} or {@code product_data}, which one of the two must name; {@code
   * at} is where the parameters are ("" at the top, or such as {@code line_items[0][price_data]}).
   */
  String productOf(Account a, Map<String, Object> p, String at) {
    Map<String, Object> data = Params.map(p.get("product_data"));
    if (data != null) {
      String name = Params.required(data, "name", Params.at(at, "product_data") + "[name]");
      return (String) product(a, name, data.get("metadata"), null).get("id");
    }
    if (p.get("product") == null) {
      throw StripeError.missing(Params.at(at, "product"));
    }
    String id = (String) p.get("product");
    Map<String, Object> product = a.objects.get(id);
    if (product == null || !"product".equals(product.get("object"))) {
      throw StripeError.noSuch("product", id, Params.at(at, "product"));
    }
    return id;
  }

  /** The name of a price's product, as line items describe themselves. */
  String productName(Account a, Map<String, Object> price) {
    Map<String, Object> product = a.objects.get((String) price.get("product"));
    return product == null ? "Product" : (String) product.get("name");
  }

  /**
   * A new price, not stored, from the parameters of {@code POST /v1/prices} or of a line's {@code
   * price_data} ({@code at} as for {@link #productOf}); its product is made if {@code product_data}
   * describes one.
   */
  Map<String, Object> price(Account a, Map<String, Object> p, String at) {
    String currency = Params.required(p, "currency", Params.at(at, "currency")).toLowerCase();
    if (!currency.matches("[a-z]{3}")) {
      throw StripeError.invalid(Params.at(at, "currency"), "Invalid currency: " + currency);
    }
    if (p.get("unit_amount") == null) {
      throw StripeError.missing(Params.at(at, "unit_amount"));
    }
    long unit = Params.number(p, "unit_amount");
    if (unit < 0) {
      throw StripeError.invalid(Params.at(at, "unit_amount"), "Invalid non-negative integer");
    }
    Map<String, Object> recurring = Params.map(p.get("recurring"));
    String interval = null;
    long count = 1;
    if (recurring != null) {
      String param = Params.at(at, "recurring");
      interval = Params.required(recurring, "interval", param + "[interval]");
      count =
          recurring.get("interval_count") == null ? 1 : Params.number(recurring, "interval_count");
      checkInterval(interval, count, param);
    }
    return price(unit, currency, interval, count, productOf(a, p, at));
  }

  private static void checkInterval(String interval, long count, String param) {
    if (!INTERVALS.contains(interval)) {
      throw StripeError.invalid(param + "[interval]", "Invalid interval: " + interval);
    }
    if (count < 1) {
      throw StripeError.invalid(param + "[interval_count]", "Invalid interval_count.");
    }
  }

  private Map<String, Object> price(
      long unit, String currency, String interval, long intervalCount, String product) {
    Map<String, Object> price = Fixtures.of("price");
    price.put("id", "price_1" + state.token(24));
    price.put("created", state.epoch());
    price.put("currency", currency);
    price.put("unit_amount", unit);
    price.put("unit_amount_decimal", Long.toString(unit));
    price.put("product", product);
    price.put("transform_quantity", null);
    price.put("custom_unit_amount", null);
    if (interval == null) {
      price.put("recurring", null);
      price.put("type", "one_time");
    } else {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) price.get("recurring");
      r.put("interval", interval);
      r.put("interval_count", intervalCount);
      price.put("type", "recurring");
    }
    return price;
  }

  private Map<String, Object> create(Account a, Map<String, Object> p) {
    Map<String, Object> holder = lookupKeyHolder(a, null, p);
    Map<String, Object> price = price(a, p, "");
    if (p.get("metadata") != null) {
      price.put("metadata", p.get("metadata"));
    }
    price.put("nickname", p.get("nickname"));
    price.put("lookup_key", p.get("lookup_key"));
    if (holder != null) {
      holder.put("lookup_key", null);
    }
    state.store(a, price);
    return price;
  }

  /**
   * The other price that has the {@code lookup_key} asked for, which is to give it up; Stripe's
   * error if it has it and {@code transfer_lookup_key} is not true.
   */
  private static Map<String, Object> lookupKeyHolder(
      Account a, Map<String, Object> self, Map<String, Object> p) {
    Object key = p.get("lookup_key");
    for (Map<String, Object> o : a.objects.values()) {
      if (key != null
          && o != self
          && "price".equals(o.get("object"))
          && key.equals(o.get("lookup_key"))) {
        if (!Params.bool(p, "transfer_lookup_key")) {
          throw StripeError.invalid(
              "lookup_key", "A price (`" + o.get("id") + "`) already uses that lookup key.");
        }
        return o;
      }
    }
    return null;
  }

  /** The filters of {@code GET /v1/prices}. */
  private static boolean matches(Map<String, Object> price, Map<String, Object> p) {
    return (!(p.get("lookup_keys") instanceof List<?> keys)
            || keys.contains(price.get("lookup_key")))
        && (p.get("active") == null || Params.bool(p, "active") == (Boolean) price.get("active"))
        && (p.get("type") == null || p.get("type").equals(price.get("type")))
        && (p.get("product") == null || p.get("product").equals(price.get("product")))
        && (p.get("currency") == null || p.get("currency").equals(price.get("currency")));
  }
}
