package dev.plinth.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.testkit.spi.TestFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the service, as the vertical's payment listener, makes of a refund. */
class CampaignServiceTest {

  static final Instant NOW = Instant.ofEpochSecond(1_790_000_000);

  static Facts facts(String paymentIntentId, Instant created) {
    return TestFacts.of("ref-1", paymentIntentId, new Money(9900, "usd"), created);
  }

  @Test
  void onlyAFullRefundOfAKnownPaymentCancelsTheCampaign() {
    List<String> cancelled = new ArrayList<>();
    CampaignService service =
        new CampaignService() {
          @Override
          void refunded(String paymentIntentId) {
            cancelled.add(paymentIntentId);
          }
        };
    service.paymentRefunded(new PaymentRefunded(facts("pi_1", NOW), new Money(100, "usd"), false));
    service.paymentRefunded(new PaymentRefunded(facts(null, NOW), new Money(9900, "usd"), true));
    assertThat(cancelled).isEmpty();
    service.paymentRefunded(new PaymentRefunded(facts("pi_1", NOW), new Money(9900, "usd"), true));
    assertThat(cancelled).containsExactly("pi_1");
  }
}
