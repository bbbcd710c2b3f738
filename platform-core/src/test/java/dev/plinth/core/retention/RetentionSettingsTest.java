package dev.plinth.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {

  @Test
  void theDefaultsKeepNinetyDaysInBatchesOfAThousandEveryHour() {
    RetentionSettings s = RetentionSettings.parse("90", "1000", "60");
    assertThat(s.age()).isEqualTo(Duration.ofDays(90));
    assertThat(s.eventIdAge()).isEqualTo(Duration.ofDays(90));
    assertThat(s.batchSize()).isEqualTo(1000);
    assertThat(s.interval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void eventIdsStayForTheDuplicateWindowEvenWhenPayloadsGoSooner() {
    RetentionSettings s = RetentionSettings.parse("7", "10", "0");
    assertThat(s.age()).isEqualTo(Duration.ofDays(7));
    assertThat(s.eventIdAge()).isEqualTo(Duration.ofDays(30));
    assertThat(s.interval()).isZero();
  }

  @Test
  void aBadValueNamesItsVariable() {
    assertThatThrownBy(() -> RetentionSettings.parse("0", "1000", "60"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PLINTH_RETENTION_DAYS must be from 1 to 36500; it is 0");
    assertThatThrownBy(() -> RetentionSettings.parse("ninety", "1000", "60"))
        .hasMessageStartingWith("PLINTH_RETENTION_DAYS must be a whole number")
        .hasMessageContaining("'ninety'");
    assertThatThrownBy(() -> RetentionSettings.parse("90", "0", "60"))
        .hasMessageStartingWith("PLINTH_RETENTION_BATCH_SIZE must be from 1 to 100000");
    assertThatThrownBy(() -> RetentionSettings.parse("90", "1000", "-1"))
        .hasMessageStartingWith("PLINTH_RETENTION_INTERVAL_MINUTES must be from 0");
  }
}
