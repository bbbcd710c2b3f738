package dev.plinth.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.core.metrics.MetricsAccess.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsAccessTest {

  static final String TOKEN = "metrics-token-0123456789";

  @Test
  void aLocalRunOrAPublicEndpointIsOpenToAll() {
    assertThat(new MetricsAccess(true, false, Optional.empty()).judge(null))
        .isEqualTo(Verdict.OPEN);
    assertThat(new MetricsAccess(false, true, Optional.empty()).judge(null))
        .isEqualTo(Verdict.OPEN);
    assertThat(new MetricsAccess(true, false, Optional.of(TOKEN)).judge("Bearer wrong"))
        .isEqualTo(Verdict.OPEN);
  }

  @Test
  void withoutATokenAndNotPublicEveryScrapeIsRefused() {
    MetricsAccess closed = new MetricsAccess(false, false, Optional.of("  "));
    assertThat(closed.judge(null)).isEqualTo(Verdict.CLOSED);
    assertThat(closed.judge("Bearer " + TOKEN)).isEqualTo(Verdict.CLOSED);
    assertThat(closed.judge(null).allowed()).isFalse();
  }

  @Test
  void otherwiseOnlyTheTokenIsAccepted() {
    MetricsAccess access = new MetricsAccess(false, false, Optional.of(TOKEN));
    assertThat(access.judge("Bearer " + TOKEN)).isEqualTo(Verdict.TOKEN);
    assertThat(access.judge("bearer  " + TOKEN + " ")).isEqualTo(Verdict.TOKEN);
    assertThat(access.judge("Bearer " + TOKEN + "x")).isEqualTo(Verdict.WRONG);
    assertThat(access.judge("Bearer " + TOKEN.substring(1))).isEqualTo(Verdict.WRONG);
    assertThat(access.judge("Bearer ")).isEqualTo(Verdict.WRONG);
    assertThat(access.judge("Basic " + TOKEN)).isEqualTo(Verdict.MISSING);
    assertThat(access.judge(null)).isEqualTo(Verdict.MISSING);
    assertThat(Verdict.TOKEN.allowed()).isTrue();
    assertThat(Verdict.WRONG.allowed()).isFalse();
  }

  @Test
  void aShortTokenStopsTheStart() {
    assertThatThrownBy(() -> new MetricsAccess(false, false, Optional.of("short")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PLINTH_METRICS_TOKEN must be at least 16 characters");
  }
}
