package dev.plinth.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.web.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The intake's streaming reading of an event agrees with the full parse, field and refusal. */
class StripeEventEnvelopeTest {

  static final String OBJECT =
      "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":500,\"nested\":{\"id\":\"x\","
          + "\"list\":[1,{\"id\":\"y\"},[true,null]]},\"metadata\":{}}";

  static String event(String fields) {
    return "{" + fields + "}";
  }

  static final String GOOD =
      event(
          "\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
              + "\"created\":1700000000,\"api_version\":\"2026-07-29.dahlia\",\"livemode\":true,"
              + "\"account\":\"acct_9\",\"request\":{\"id\":null},\"data\":{\"object\":"
              + OBJECT
              + ",\"previous_attributes\":{\"id\":\"no\"}}");

  @Test
  void readsTheEnvelopeFieldsAsTheFullParseDoes() {
    StripeEventEnvelope.Head head = StripeEventEnvelope.head(GOOD);
    assertThat(head).isEqualTo(StripeEventEnvelope.parse(GOOD).head());
    assertThat(head)
        .isEqualTo(
            new StripeEventEnvelope.Head(
                "evt_1",
                "payment_intent.succeeded",
                Instant.ofEpochSecond(1_700_000_000L),
                "2026-07-29.dahlia",
                true,
                Optional.of("acct_9"),
                "pi_1"));
  }

  /** Each payload: both readings answer alike, the same fields or the same refusal. */
  static final List<String> CASES =
      List.of(
          GOOD,
          "",
          "   ",
          "[]",
          "\"evt_1\"",
          "42",
          "null",
          "{",
          "{}",
          "{\"id\":\"evt_1\"",
          GOOD + " x",
          GOOD + "{}",
          GOOD.replace("\"amount\":500", "\"amount\":5 00"),
          GOOD.replace("[true,null]", "[true,nul]"),
          GOOD.replace("\"metadata\":{}", "\"metadata\":{,}"),
          GOOD.replace("\"metadata\":{}", "\"metadata\":{\"a\":1,}"),
          GOOD.replace("\"nested\":{", "\"nested\":{]"),
          GOOD.replace("\"id\":\"evt_1\"", "\"id\":\"ch_1\""),
          GOOD.replace("\"id\":\"evt_1\"", "\"id\":\" \""),
          GOOD.replace("\"id\":\"evt_1\"", "\"id\":7"),
          GOOD.replace("\"id\":\"evt_1\",", ""),
          GOOD.replace("\"type\":\"payment_intent.succeeded\"", "\"type\":\"\""),
          GOOD.replace("\"type\":\"payment_intent.succeeded\"", "\"type\":{\"a\":[1]}"),
          GOOD.replace("1700000000", "1.5"),
          GOOD.replace("1700000000", "1700000000.0"),
          GOOD.replace("1700000000", "1e3"),
          GOOD.replace("1700000000", "-1"),
          GOOD.replace("1700000000", "0"),
          GOOD.replace("1700000000", "253402300799"),
          GOOD.replace("1700000000", "253402300800"),
          GOOD.replace("1700000000", "\"1700000000\""),
          GOOD.replace("\"data\":{\"object\":", "\"data\":{\"object\":7,\"x\":"),
          GOOD.replace("\"data\":{\"object\":" + OBJECT, "\"data\":{\"object\":[" + OBJECT + "]"),
          GOOD.replace("\"data\":{", "\"data\":[{").replace(",\"previous_attributes\"", "}]"),
          GOOD.replace("\"id\":\"pi_1\",", ""),
          GOOD.replace("\"id\":\"pi_1\"", "\"id\":null"),
          GOOD.replace("\"livemode\":true", "\"livemode\":\"true\""),
          GOOD.replace("\"api_version\":\"2026-07-29.dahlia\"", "\"api_version\":null"),
          GOOD.replace("\"account\":\"acct_9\"", "\"account\":\"\""),
          // a repeated name counts as its last value
          GOOD.replace("\"type\":", "\"id\":\"evt_2\",\"type\":"),
          GOOD.replace("\"type\":", "\"id\":\"evt_2\",\"type\":")
              .replace("\"id\":\"evt_1\"", "\"id\":\"x\""),
          GOOD.substring(0, GOOD.length() - 1) + ",\"data\":{\"object\":7}}",
          GOOD.substring(0, GOOD.length() - 1) + ",\"data\":{\"object\":{\"id\":\"pi_2\"}}}",
          GOOD.substring(0, GOOD.length() - 1) + ",\"livemode\":false}");

  @Test
  void refusesWhatTheFullParseRefusesAndReadsWhatItReads() {
    for (String payload : CASES) {
      Object full;
      try {
        full = StripeEventEnvelope.parse(payload).head();
      } catch (ApiException e) {
        full = e.status() + " " + e.code() + " " + e.getMessage();
      }
      Object lean;
      try {
        lean = StripeEventEnvelope.head(payload);
      } catch (ApiException e) {
        lean = e.status() + " " + e.code() + " " + e.getMessage();
      }
      assertThat(lean).as(payload).isEqualTo(full);
    }
  }

  @Test
  void refusesACreatedPastTheYear9999AndATypeThatIsNoString() {
    assertThatThrownBy(() -> StripeEventEnvelope.head(GOOD.replace("1700000000", "253402300800")))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).contains("created"));
    assertThatThrownBy(() -> StripeEventEnvelope.head(GOOD.replace("1700000000", "1e400")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> StripeEventEnvelope.head("{\"id\":\"evt_1\",\"type\":1}"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).contains("type"));
  }
}
