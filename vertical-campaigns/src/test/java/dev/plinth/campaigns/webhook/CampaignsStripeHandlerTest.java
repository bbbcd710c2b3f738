package dev.plinth.campaigns.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.campaigns.application.CampaignService;
import dev.plinth.spi.billing.StripeEvent;
import jakarta.json.Json;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a paid Checkout Session in the shape of Stripe's own example. */
class CampaignsStripeHandlerTest {

  static StripeEvent event(String session) {
    return new StripeEvent(
        "evt_1",
        "checkout.session.completed",
        Instant.ofEpochSecond(1_790_000_000),
        Optional.empty(),
        Json.createReader(new StringReader(session)).readObject());
  }

  @Test
  void aPaidSessionNamesThePurchaseThePaymentAndTheCustomer() {
    CampaignService.Paid p =
        CampaignsStripeHandler.paid(
                event(
                    "{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"payment_status\":\"paid\","
                        + "\"payment_intent\":\"pi_1\",\"customer\":{\"id\":\"cus_1\",\"object\":\"customer\"},"
                        + "\"customer_email\":null,\"customer_details\":{\"email\":\"mike@example.com\"},"
                        + "\"metadata\":{\"plinth_vertical\":\"campaigns\",\"plinth_reference\":\"ref-1\"}}"))
            .orElseThrow();
    assertThat(p.sessionId()).isEqualTo("cs_test_1");
    assertThat(p.reference()).contains("ref-1");
    assertThat(p.paymentIntentId()).isEqualTo("pi_1");
    assertThat(p.stripeCustomerId()).isEqualTo("cus_1");
    assertThat(p.email()).isEqualTo("mike@example.com");
  }

  @Test
  void anotherVerticalsSessionIsIgnored() {
    assertThat(
            CampaignsStripeHandler.paid(
                event("{\"id\":\"cs_2\",\"metadata\":{\"plinth_vertical\":\"reservations\"}}")))
        .isEmpty();
  }
}
