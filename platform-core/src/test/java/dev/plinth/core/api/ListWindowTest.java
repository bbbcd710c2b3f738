package dev.plinth.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Cursor;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ListWindowTest {

  static final UUID ID = UUID.fromString("0c9a7b1e-5f3d-4c2a-9e8b-1a2b3c4d5e6f");

  @Test
  void aCursorIsTheTimeAtFullPrecisionAndTheIdAndRoundTrips() {
    Instant at = Instant.parse("2026-12-01T04:25:35.123456Z");
    Cursor c = new Cursor(at, ID);
    assertThat(c.toString()).isEqualTo("2026-12-01T04:25:35.123456Z_" + ID);
    assertThat(Cursor.parse(c.toString(), "before")).isEqualTo(c);
    assertThat(Cursor.parse(null, "before")).isNull();
    assertThat(Cursor.parse("", "before")).isNull();
  }

  @Test
  void aBadCursorIsRefusedNamingTheParameter() {
    for (String bad :
        List.of(
            "2026-12-01T04:25:35Z",
            ID.toString(),
            "2026-12-01T04:25:35Z_not-an-id",
            "yesterday_" + ID,
            "_")) {
      assertInvalid(() -> Cursor.parse(bad, "before"), "before");
    }
  }

  @Test
  void fromAndToAreCheckedAndOrdered() {
    ListWindow w = ListWindow.of("2026-12-01T00:00:00Z", "2026-12-02T00:00:00+00:00", null);
    assertThat(w.from()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(w.to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
    assertThat(ListWindow.of(null, null, null)).isEqualTo(ListWindow.ALL);
    assertInvalid(() -> ListWindow.of("today", null, null), "from");
    assertInvalid(() -> ListWindow.of(null, "2026-13-01T00:00:00Z", null), "to");
    assertInvalid(() -> ListWindow.of(null, null, "x"), "before");
    assertInvalid(() -> ListWindow.of("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", null), "to");
    assertInvalid(() -> ListWindow.of("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", null), "to");
  }

  @Test
  void conditionsContinueThePositionalParameters() {
    Instant at = Instant.parse("2026-12-01T04:25:35.5Z");
    ListWindow w =
        new ListWindow(
            Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-12-02T00:00:00Z"),
            new Cursor(at, ID));
    StringBuilder sql = new StringBuilder("SELECT * FROM x WHERE a = ?1");
    List<Object> params = new ArrayList<>(List.of("a"));
    w.appendConditions(sql, params, "t", "id");
    ListWindow.appendOrder(sql, params, "t", "id", 50);
    assertThat(sql.toString())
        .isEqualTo(
            "SELECT * FROM x WHERE a = ?1 AND t >= ?2 AND t < ?3 AND (t, id) < (?4, ?5)"
                + " ORDER BY t DESC, id DESC LIMIT ?6");
    assertThat(params)
        .containsExactly(
            "a",
            Timestamp.from(Instant.parse("2026-11-01T00:00:00Z")),
            Timestamp.from(Instant.parse("2026-12-02T00:00:00Z")),
            Timestamp.from(at),
            ID,
            50);

    StringBuilder none = new StringBuilder("W");
    List<Object> noParams = new ArrayList<>();
    ListWindow.ALL.appendConditions(none, noParams, "t", "id");
    assertThat(none.toString()).isEqualTo("W");
    assertThat(noParams).isEmpty();
  }

  @Test
  void thereIsANextPageOnlyAfterAFullOne() {
    Cursor last = new Cursor(Instant.parse("2026-12-01T04:00:00Z"), ID);
    assertThat(ListWindow.next(3, 3, last)).isEqualTo("2026-12-01T04:00:00Z_" + ID);
    assertThat(ListWindow.next(2, 3, last)).isNull();
    assertThat(ListWindow.next(0, 3, null)).isNull();
  }

  private static void assertInvalid(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid_request");
              assertThat(e.details()).containsEntry("field", field);
            });
  }
}
