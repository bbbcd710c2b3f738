package dev.plinth.spi.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentRefundedTest {

  static Facts paidWith(String paymentIntentId) {
    Money paid = new Money(9900, "usd");
    return new Facts(
        "evt_1", Instant.EPOCH, "ref", "cs_1", paymentIntentId, null, null, paid, null, Map.of());
  }

  @Test
  void onlyAFullRefundOfAPaymentIntentNamesIt() {
    Money part = new Money(100, "usd");
    Money all = new Money(9900, "usd");
    assertThat(new PaymentRefunded(paidWith("pi_1"), part, false).refundedInFull()).isEmpty();
    assertThat(new PaymentRefunded(paidWith(null), all, true).refundedInFull()).isEmpty();
    assertThat(new PaymentRefunded(paidWith("pi_1"), all, true).refundedInFull()).contains("pi_1");
  }
}
