package dev.plinth.spi.billing;

import java.util.Locale;

/**
 * An amount of money as Stripe counts it.
 *
 * @param amount minor units of {@code currency} (cents for usd, yen for jpy)
 * @param currency the ISO 4217 code in lowercase
 */
public record Money(long amount, String currency) {

  public Money {
    if (currency == null || currency.isBlank()) {
      throw new IllegalArgumentException("a currency is required");
    }
    currency = currency.toLowerCase(Locale.ROOT);
  }

  /** As logs and error messages show it: minor units and currency, such as "25000 usd". */
  @Override
  public String toString() {
    return amount + " " + currency;
  }
}
