package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A checkout's {@code line_items}: a stored price or inline {@code price_data}, and a quantity. */
final class LineItems {

  private final State state;
  private final Prices prices;

  LineItems(State state, Prices prices) {
    this.state = state;
    this.prices = prices;
  }

  /** The line items of a session-creating request, checked against the session's mode. */
  List<Map<String, Object>> of(Account a, Map<String, Object> p, String mode) {
    List<Map<String, Object>> out = new ArrayList<>();
    Object raw = p.get("line_items");
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list)) {
      throw StripeError.invalid("line_items", "Invalid array");
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "line_items[" + i + "]";
      Map<String, Object> li = Params.map(list.get(i));
      if (li == null) {
        throw StripeError.invalid(at, "Invalid object");
      }
      long quantity = li.get("quantity") == null ? 1 : Params.number(li, "quantity");
      if (quantity < 1) {
        throw StripeError.invalid(at + "[quantity]", "Quantity must be at least 1.");
      }
      Map<String, Object> price = price(a, li, at);
      boolean recurring = price.get("recurring") != null;
      if (mode.equals("payment") && recurring) {
        throw StripeError.invalid(
            at + "[price]",
            "You specified `payment` mode but passed a recurring price. Either switch to"
                + " `subscription` mode or use only one-time prices.");
      }
      if (mode.equals("subscription") && !recurring) {
        throw StripeError.invalid(
            at + "[price]",
            "You must provide at least one recurring price in `subscription` mode when using"
                + " prices.");
      }
      long amount = (Long) price.get("unit_amount") * quantity;
      Map<String, Object> item = Fixtures.of("item");
      item.put("id", "li_1" + state.token(24));
      item.put("amount_subtotal", amount);
      item.put("amount_total", amount);
      item.put("currency", price.get("currency"));
      item.put("description", prices.productName(a, price));
      item.put("price", price);
      item.put("quantity", quantity);
      item.put("adjustable_quantity", null);
      out.add(item);
    }
    return out;
  }

  /** A copy of the line's stored price, or a new one from its {@code price_data}. */
  private Map<String, Object> price(Account a, Map<String, Object> li, String at) {
    if (li.get("price") != null) {
      Map<String, Object> price = a.objects.get((String) li.get("price"));
      if (price == null || !"price".equals(price.get("object"))) {
        throw StripeError.noSuch("price", (String) li.get("price"), at + "[price]");
      }
      return Jsons.copy(price);
    }
    Map<String, Object> data = Params.map(li.get("price_data"));
    if (data == null) {
      throw StripeError.missing(at + "[price] or " + at + "[price_data]");
    }
    return prices.price(a, data, at + "[price_data]");
  }
}
