package dev.plinth.reservations.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.reservations.application.ReservationService.PaymentEvent;
import dev.plinth.spi.billing.StripeEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading Stripe's checkout-session objects (in the shape of Stripe's own example). */
class ReservationsStripeHandlerTest {

  static StripeEvent event(String type, String session) {
    JsonObject object = Json.createReader(new StringReader(session)).readObject();
    return new StripeEvent(
        "evt_1", type, Instant.ofEpochSecond(1_790_000_000), Optional.empty(), object);
  }

  static String session(String metadata, String paymentIntent) {
    return "{\"id\":\"cs_test_a1\",\"object\":\"checkout.session\",\"mode\":\"payment\","
        + "\"status\":\"complete\",\"payment_status\":\"paid\",\"client_reference_id\":null,"
        + "\"amount_total\":25000,\"currency\":\"usd\","
        + "\"payment_intent\":"
        + paymentIntent
        + ",\"metadata\":"
        + metadata
        + "}";
  }

  @Test
  void aSessionOfThisVerticalNamesTheReservationAndThePayment() {
    String id = UUID.randomUUID().toString();
    PaymentEvent p =
        ReservationsStripeHandler.session(
                event(
                    "checkout.session.completed",
                    session(
                        "{\"plinth_tenant\":\"breeder\",\"plinth_vertical\":\"reservations\","
                            + "\"plinth_reference\":\""
                            + id
                            + "\"}",
                        "\"pi_3abc\"")))
            .orElseThrow();
    assertThat(p.sessionId()).isEqualTo("cs_test_a1");
    assertThat(p.reference()).contains(id);
    assertThat(p.paymentIntentId()).isEqualTo("pi_3abc");
    assertThat(p.created()).isEqualTo(Instant.ofEpochSecond(1_790_000_000));
    assertThat(p.amountTotal()).isEqualTo(25000L);
    assertThat(p.currency()).isEqualTo("usd");
  }

  @Test
  void aSessionPaysTheDepositOnlyWithTheSameAmountAndCurrency() {
    PaymentEvent p =
        ReservationsStripeHandler.session(
                event("checkout.session.completed", session("{}", "\"pi_1\"")))
            .orElseThrow();
    assertThat(p.pays(25000, "usd")).isTrue();
    assertThat(p.pays(25000, "USD")).isTrue();
    assertThat(p.pays(24999, "usd")).isFalse();
    assertThat(p.pays(25000, "eur")).isFalse();
    PaymentEvent noTotal =
        ReservationsStripeHandler.session(
                event(
                    "checkout.session.completed",
                    session("{}", "\"pi_1\"").replace("\"amount_total\":25000,", "")))
            .orElseThrow();
    assertThat(noTotal.amountTotal()).isNull();
    assertThat(noTotal.pays(25000, "usd")).isFalse();
  }

  @Test
  void anExpandedPaymentIntentAndAMissingOneAreRead() {
    PaymentEvent expanded =
        ReservationsStripeHandler.session(
                event(
                    "checkout.session.completed",
                    session("{}", "{\"id\":\"pi_3xyz\",\"object\":\"payment_intent\"}")))
            .orElseThrow();
    assertThat(expanded.paymentIntentId()).isEqualTo("pi_3xyz");
    assertThat(expanded.reference()).isEmpty();
    PaymentEvent none =
        ReservationsStripeHandler.session(event("checkout.session.expired", session("{}", "null")))
            .orElseThrow();
    assertThat(none.paymentIntentId()).isNull();
  }

  @Test
  void anotherVerticalsSessionIsIgnored() {
    assertThat(
            ReservationsStripeHandler.session(
                event(
                    "checkout.session.completed",
                    session("{\"plinth_vertical\":\"campaigns\"}", "\"pi_1\""))))
        .isEmpty();
  }
}
