package dev.plinth.spi.billing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StripeEventTest {

  static StripeEvent of(String object) {
    JsonObject o = Json.createReader(new StringReader(object)).readObject();
    return new StripeEvent(
        "evt_1", "payment_intent.payment_failed", Instant.EPOCH, Optional.empty(), o);
  }

  static final String PI =
      "{\"id\":\"pi_1\",\"metadata\":{\"plinth_vertical\":\"events\",\"plinth_tenant\":\"lens\","
          + "\"plinth_reference\":\"r-1\"},\"last_payment_error\":{\"message\":\"Declined.\"}}";

  @Test
  void theReferenceIsTheVerticalsOnlyForItsOwnTenant() {
    assertThat(of(PI).reference("events", "lens")).contains("r-1");
    assertThat(of(PI).reference("credits", "lens")).isEmpty();
    assertThat(of(PI).reference("events", "other")).isEmpty();
    assertThat(of("{\"id\":\"pi_2\"}").reference("events", "lens")).isEmpty();
    assertThat(of("{\"metadata\":\"not an object\"}").reference("events", "lens")).isEmpty();
  }

  @Test
  void aDeclinedPaymentSaysWhy() {
    assertThat(of(PI).paymentError()).contains("Declined.");
    assertThat(of("{\"last_payment_error\":null}").paymentError()).isEmpty();
  }
}
