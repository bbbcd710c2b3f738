package dev.plinth.testkit.spi;

import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent.Facts;
import java.time.Instant;
import java.util.Map;

/** The facts of a payment event, for unit tests of a vertical's payment listener. */
public final class TestFacts {

  private TestFacts() {}

  /**
   * Facts of checkout session {@code cs_test_1}, paid by customer {@code cus_test_1}
   * (buyer@example.com), in event {@code evt_test_1} created at {@code created}.
   */
  public static Facts of(String reference, String paymentIntentId, Money amount, Instant created) {
    return new Facts(
        "evt_test_1",
        created,
        reference,
        "cs_test_1",
        paymentIntentId,
        "cus_test_1",
        "buyer@example.com",
        amount,
        null,
        Map.of());
  }
}
