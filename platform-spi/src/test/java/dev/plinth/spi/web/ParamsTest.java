package dev.plinth.spi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParamsTest {

  @Test
  void instantsAreIsoDateTimesWithAnOffset() {
    assertThat(Params.instant(null, "from")).isNull();
    assertThat(Params.instant(" ", "from")).isNull();
    assertThat(Params.instant("2026-12-01T04:00:00Z", "from"))
        .isEqualTo(Instant.parse("2026-12-01T04:00:00Z"));
    assertThat(Params.instant("2026-12-01T05:00:00.25+01:00", "from"))
        .isEqualTo(Instant.parse("2026-12-01T04:00:00.25Z"));
    assertThat(Params.instant("2026-12-01T04:00Z", "to"))
        .isEqualTo(Instant.parse("2026-12-01T04:00:00Z"));
    JsonBodyTest.assertInvalid(() -> Params.instant("2026-12-01", "from"), "from");
    JsonBodyTest.assertInvalid(() -> Params.instant("2026-12-01T04:00:00", "to"), "to");
    JsonBodyTest.assertInvalid(() -> Params.instant("yesterday", "to"), "to");
    // a '+' sent unencoded in a query string arrives as a space
    JsonBodyTest.assertInvalid(() -> Params.instant("2026-12-01T05:00:00 01:00", "to"), "to");
  }
}
