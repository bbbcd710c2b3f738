package dev.plinth.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.testkit.spi.TestFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the service, as the vertical's payment listener, takes from the host's typed events. */
class ReservationServiceTest {

  static Facts facts(String reference, String paymentIntent, Money amount) {
    return TestFacts.of(reference, paymentIntent, amount, Instant.ofEpochSecond(1_790_000_000));
  }

  @Test
  void onlyAFullRefundEndsAReservation() {
    List<String> refunded = new ArrayList<>();
    ReservationService service =
        new ReservationService() {
          @Override
          void refunded(String paymentIntentId, Instant created) {
            refunded.add(paymentIntentId);
          }
        };
    Facts f = facts("r", "pi_1", new Money(25000, "usd"));
    service.paymentRefunded(new PaymentRefunded(f, new Money(5000, "usd"), false));
    assertThat(refunded).isEmpty();
    service.paymentRefunded(new PaymentRefunded(facts("r", null, null), new Money(1, "usd"), true));
    assertThat(refunded).isEmpty();
    service.paymentRefunded(new PaymentRefunded(f, new Money(25000, "usd"), true));
    assertThat(refunded).containsExactly("pi_1");
  }
}
