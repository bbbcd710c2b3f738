package dev.plinth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

  static Settings of(Map<String, String> values) {
    return new Settings("tipjar", name -> Optional.ofNullable(values.get(name)));
  }

  @Test
  void aSettingBelowOneStopsTheStartNamingIt() {
    assertThat(Settings.checkPositive("tipjar.tips-per-minute", 1)).isEqualTo(1);
    assertThatThrownBy(() -> Settings.checkPositive("tipjar.tips-per-minute", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tipjar.tips-per-minute must be positive, not 0");
  }

  @Test
  void settingsAreReadUnderTheModuleIdWithTheirDefaults() {
    Settings s = of(Map.of("tipjar.tips-per-minute", " 7 ", "tips-per-hour", "99"));
    assertThat(s.positive("tips-per-minute", 10)).isEqualTo(7);
    assertThat(s.positive("tips-per-hour", 20)).as("not under the prefix").isEqualTo(20);
    assertThat(s.minutes("tips-per-minute", 1)).isEqualTo(Duration.ofMinutes(7));
    assertThat(s.seconds("sweep-seconds", 60)).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.hours("session-hours", 24)).isEqualTo(Duration.ofHours(24));
    assertThat(s.days("window-days", 3)).isEqualTo(Duration.ofDays(3));
    assertThat(s.name("tips-per-minute")).isEqualTo("tipjar.tips-per-minute");
  }

  @Test
  void aBadValueStopsTheStartNamingTheSetting() {
    assertThatThrownBy(
            () -> of(Map.of("tipjar.tips-per-minute", "ten")).positive("tips-per-minute", 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tipjar.tips-per-minute must be a whole number, not 'ten'");
    assertThatThrownBy(
            () -> of(Map.of("tipjar.tips-per-minute", "0")).minutes("tips-per-minute", 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tipjar.tips-per-minute must be positive, not 0");
    assertThatThrownBy(() -> of(Map.of()).positive("tips-per-minute", -1))
        .hasMessage("tipjar.tips-per-minute must be positive, not -1");
  }
}
