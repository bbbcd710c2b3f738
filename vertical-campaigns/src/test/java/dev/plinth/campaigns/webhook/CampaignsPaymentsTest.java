package dev.plinth.campaigns.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.campaigns.application.CampaignService;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the listener hands the service from the host's typed events. */
class CampaignsPaymentsTest {

  static Facts facts(String reference) {
    return new Facts(
        "evt_1",
        Instant.ofEpochSecond(1_790_000_000),
        reference,
        "cs_test_1",
        "pi_1",
        "cus_1",
        "mike@example.com",
        new Money(9900, "usd"),
        null,
        Map.of());
  }

  /** A listener whose service only writes down what it is told. */
  static CampaignsPayments listener(List<Object> told) {
    CampaignsPayments payments = new CampaignsPayments();
    payments.campaigns =
        new CampaignService() {
          @Override
          public void paid(Paid p) {
            told.add(p);
          }

          @Override
          public void refunded(String paymentIntentId) {
            told.add(paymentIntentId);
          }
        };
    return payments;
  }

  @Test
  void aPaidCheckoutNamesThePurchaseThePaymentAndTheCustomer() {
    List<Object> told = new ArrayList<>();
    listener(told).checkoutPaid(new CheckoutPaid(facts("ref-1"), null));
    CampaignService.Paid p = (CampaignService.Paid) told.get(0);
    assertThat(p.sessionId()).isEqualTo("cs_test_1");
    assertThat(p.reference()).contains("ref-1");
    assertThat(p.paymentIntentId()).isEqualTo("pi_1");
    assertThat(p.stripeCustomerId()).isEqualTo("cus_1");
    assertThat(p.email()).isEqualTo("mike@example.com");
    assertThat(p.created()).isEqualTo(Instant.ofEpochSecond(1_790_000_000));
    listener(told).checkoutPaid(new CheckoutPaid(facts(null), null));
    assertThat(((CampaignService.Paid) told.get(1)).reference()).isEmpty();
  }

  @Test
  void onlyAFullRefundCancelsTheCampaign() {
    List<Object> cancelled = new ArrayList<>();
    CampaignsPayments payments = listener(cancelled);
    payments.paymentRefunded(new PaymentRefunded(facts("ref-1"), new Money(100, "usd"), false));
    assertThat(cancelled).isEmpty();
    payments.paymentRefunded(new PaymentRefunded(facts("ref-1"), new Money(9900, "usd"), true));
    assertThat(cancelled).containsExactly("pi_1");
  }
}
