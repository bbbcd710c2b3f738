package dev.plinth.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  @Test
  void theDefaultScheduleHasSevenDelaysThenDead() {
    RetrySchedule s = RetrySchedule.parse(RetrySchedule.DEFAULT);
    assertThat(s.delays())
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));
    assertThat(s.maxAttempts()).isEqualTo(8);
    assertThat(s.delayAfter(8)).isNull();
  }

  @Test
  void delaysCarryAtMostTenPercentJitter() {
    RetrySchedule s = RetrySchedule.parse("100s");
    boolean varied = false;
    for (int i = 0; i < 200; i++) {
      Duration d = s.delayAfter(1);
      assertThat(d).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(110));
      varied |= !d.equals(Duration.ofSeconds(100));
    }
    assertThat(varied).isTrue();
  }

  @Test
  void badSchedulesAreRefused() {
    assertThatThrownBy(() -> RetrySchedule.parse("")).hasMessageContaining("at least one");
    assertThatThrownBy(() -> RetrySchedule.parse("5x")).hasMessageContaining("5x");
    assertThatThrownBy(() -> RetrySchedule.parse("soon")).hasMessageContaining("soon");
  }
}
