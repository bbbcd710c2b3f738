package dev.plinth.reservations.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.reservations.application.ReservationService;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the listener hands the service from the host's typed events. */
class ReservationsPaymentsTest {

  static Facts facts(String reference, String paymentIntent, Money amount) {
    return new Facts(
        "evt_1",
        Instant.ofEpochSecond(1_790_000_000),
        reference,
        "cs_test_a1",
        paymentIntent,
        "cus_1",
        "pat@example.com",
        amount,
        null,
        Map.of());
  }

  @Test
  void aCheckoutOfThisVerticalNamesTheReservationAndThePayment() {
    String id = UUID.randomUUID().toString();
    ReservationService.PaymentEvent p =
        ReservationsPayments.deposit(
            new CheckoutPaid(facts(id, "pi_3abc", new Money(25000, "usd")), null));
    assertThat(p.sessionId()).isEqualTo("cs_test_a1");
    assertThat(p.reference()).contains(id);
    assertThat(p.paymentIntentId()).isEqualTo("pi_3abc");
    assertThat(p.created()).isEqualTo(Instant.ofEpochSecond(1_790_000_000));
    assertThat(p.amountTotal()).isEqualTo(25000L);
    assertThat(p.currency()).isEqualTo("usd");
  }

  @Test
  void aCheckoutPaysTheDepositOnlyWithTheSameAmountAndCurrency() {
    ReservationService.PaymentEvent p =
        ReservationsPayments.deposit(
            new CheckoutPaid(facts("r", "pi_1", new Money(25000, "usd")), null));
    assertThat(p.pays(25000, "usd")).isTrue();
    assertThat(p.pays(25000, "USD")).isTrue();
    assertThat(p.pays(24999, "usd")).isFalse();
    assertThat(p.pays(25000, "eur")).isFalse();
    ReservationService.PaymentEvent noTotal =
        ReservationsPayments.deposit(new CheckoutPaid(facts("r", "pi_1", null), null));
    assertThat(noTotal.amountTotal()).isNull();
    assertThat(noTotal.pays(25000, "usd")).isFalse();
  }

  @Test
  void anExpiredCheckoutHasNoPaymentAndMayHaveNoReference() {
    ReservationService.PaymentEvent none =
        ReservationsPayments.deposit(new CheckoutExpired(facts(null, null, null)));
    assertThat(none.paymentIntentId()).isNull();
    assertThat(none.reference()).isEmpty();
  }

  @Test
  void onlyAFullRefundReachesTheService() {
    List<String> refunded = new ArrayList<>();
    ReservationsPayments payments = new ReservationsPayments();
    payments.reservations =
        new ReservationService() {
          @Override
          public void refunded(String paymentIntentId, Instant created) {
            refunded.add(paymentIntentId);
          }
        };
    Facts f = facts("r", "pi_1", new Money(25000, "usd"));
    payments.paymentRefunded(new PaymentRefunded(f, new Money(5000, "usd"), false));
    assertThat(refunded).isEmpty();
    payments.paymentRefunded(new PaymentRefunded(f, new Money(25000, "usd"), true));
    assertThat(refunded).containsExactly("pi_1");
  }
}
