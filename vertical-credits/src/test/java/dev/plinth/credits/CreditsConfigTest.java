package dev.plinth.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the credits settings accept: a bad value stops the start, naming the setting. */
class CreditsConfigTest {

  static CreditsConfig config(Map<String, String> values) {
    return CreditsModule.config(Settings.of(CreditsModule.ID, values));
  }

  @Test
  void theDefaults() {
    CreditsConfig c = config(Map.of());
    assertThat(c.lowCapacity()).isEqualTo(500);
    assertThat(c.initialCapacity()).isEqualTo(10_000);
    assertThat(c.checkoutExpiry()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.openPurchasesPerUser()).isEqualTo(3);
  }

  @Test
  void badValuesAreRefusedByName() {
    assertThatThrownBy(() -> config(Map.of("credits.low-capacity-threshold", "lots")))
        .hasMessageContaining("credits.low-capacity-threshold");
    assertThatThrownBy(() -> config(Map.of("credits.initial-capacity", "0")))
        .hasMessageContaining("credits.initial-capacity");
    // Stripe Checkout takes 30 minutes to 24 hours
    assertThatThrownBy(() -> config(Map.of("credits.checkout-minutes", "10")))
        .hasMessageContaining("credits.checkout-minutes");
    assertThatThrownBy(() -> config(Map.of("credits.checkout-minutes", "1441")))
        .hasMessageContaining("credits.checkout-minutes");
    assertThat(config(Map.of("credits.checkout-minutes", "1440")).checkoutExpiry())
        .isEqualTo(Duration.ofHours(24));
  }
}
