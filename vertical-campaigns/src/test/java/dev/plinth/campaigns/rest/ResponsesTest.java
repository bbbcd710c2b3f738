package dev.plinth.campaigns.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponsesTest {

  @Test
  void hoursUntilLaunchRoundUpAndStopAtZero() {
    assertThat(Responses.hours(java.time.Duration.ofHours(72).toSeconds())).isEqualTo(72);
    assertThat(Responses.hours(71 * 3600 + 1)).isEqualTo(72);
    assertThat(Responses.hours(1)).isEqualTo(1);
    assertThat(Responses.hours(0)).isZero();
    assertThat(Responses.hours(-5)).isZero();
  }
}
