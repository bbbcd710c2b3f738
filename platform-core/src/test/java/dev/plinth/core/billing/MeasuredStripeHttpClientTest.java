package dev.plinth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasuredStripeHttpClientTest {

  @Test
  void aCallsOutcomeIsItsStatusClass() {
    assertThat(MeasuredStripeHttpClient.outcome(200)).isEqualTo("ok");
    assertThat(MeasuredStripeHttpClient.outcome(402)).isEqualTo("client_error");
    assertThat(MeasuredStripeHttpClient.outcome(429)).isEqualTo("client_error");
    assertThat(MeasuredStripeHttpClient.outcome(500)).isEqualTo("server_error");
  }
}
