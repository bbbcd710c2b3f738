package dev.plinth.spi.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckoutExpiryTest {

  @Test
  void aConfiguredExpiryIsCheckedAgainstStripesLimitsNamingTheSetting() {
    assertThat(CheckoutRequest.checkExpiry("x.hold-minutes", Duration.ofMinutes(30)))
        .isEqualTo(CheckoutRequest.MIN_EXPIRY);
    assertThat(CheckoutRequest.checkExpiry("x.hold-minutes", Duration.ofMinutes(1440)))
        .isEqualTo(CheckoutRequest.MAX_EXPIRY);
    for (long minutes : new long[] {29, 1441}) {
      assertThatThrownBy(
              () -> CheckoutRequest.checkExpiry("x.hold-minutes", Duration.ofMinutes(minutes)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("x.hold-minutes must be between 30 and 1440 minutes, not " + minutes);
    }
  }
}
