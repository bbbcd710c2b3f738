package dev.plinth.spi.billing;

/**
 * One line of a checkout: either an existing Stripe price, or a name with an amount in minor units.
 *
 * @param priceId a Stripe price ({@code price_...}), or null
 * @param name the product name, when no price id is given
 * @param unitAmount minor units (cents), when no price id is given
 * @param currency ISO code in lowercase, when no price id is given
 * @param quantity at least 1
 */
public record CheckoutLine(
    String priceId, String name, long unitAmount, String currency, long quantity) {

  public CheckoutLine {
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be at least 1");
    }
    if (priceId == null) {
      if (name == null || name.isBlank() || unitAmount < 0 || currency == null) {
        throw new IllegalArgumentException(
            "a line needs a price id, or a name, amount and currency");
      }
      currency = currency.toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static CheckoutLine price(String priceId, long quantity) {
    return new CheckoutLine(priceId, null, 0, null, quantity);
  }

  public static CheckoutLine item(String name, long unitAmount, String currency) {
    return new CheckoutLine(null, name, unitAmount, currency, 1);
  }
}
