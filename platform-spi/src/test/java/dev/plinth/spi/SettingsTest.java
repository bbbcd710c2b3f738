package dev.plinth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void aSettingBelowOneStopsTheStartNamingIt() {
    assertThat(Settings.positive("tipjar.tips-per-minute", 1)).isEqualTo(1);
    assertThatThrownBy(() -> Settings.positive("tipjar.tips-per-minute", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tipjar.tips-per-minute must be positive, not 0");
  }
}
