package dev.plinth.spi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
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

  @Test
  void pageParamsTakeADefaultLimitAndRefuseOneOutOfRange() {
    PageParams page = new PageParams();
    assertThat(page.limit(50, 200)).isEqualTo(50);
    assertThat(page.before()).isNull();
    page.limit = 200;
    assertThat(page.limit(50, 200)).isEqualTo(200);
    page.limit = 0;
    JsonBodyTest.assertInvalid(() -> page.limit(50, 200), "limit");
    page.limit = 201;
    JsonBodyTest.assertInvalid(() -> page.limit(50, 200), "limit");
    Cursor at = new Cursor(Instant.parse("2026-12-01T04:25:35.123456Z"), UUID.randomUUID());
    page.before = at.toString();
    assertThat(page.before()).isEqualTo(at);
    page.before = "yesterday";
    JsonBodyTest.assertInvalid(page::before, "before");
  }

  @Test
  void aPageMapsItsRowsAndKeepsItsCursor() {
    Page<Integer> page = new Page<>(java.util.List.of(1, 2), "next");
    assertThat(page.map(i -> "#" + i)).isEqualTo(new Page<>(java.util.List.of("#1", "#2"), "next"));
  }
}
