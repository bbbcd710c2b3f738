package dev.plinth.spi.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ViewsTest {

  static class Tip extends EditableRecord {
    private long amount = 500;
    private String note;

    Tip(Instant now) {
      super(now);
    }
  }

  public record TipView(UUID id, long amount, String note, Instant createdAt, Instant updatedAt) {}

  public record Wrong(UUID id, String amount) {}

  public record Missing(UUID id, String who) {}

  @Test
  void aViewTakesTheEntitysFieldsOfItsComponentsNamesInheritedOnesToo() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    Tip tip = new Tip(now);
    assertThat(Views.of(TipView.class, tip)).isEqualTo(new TipView(tip.id(), 500, null, now, now));
  }

  @Test
  void aComponentWithoutItsFieldOrOfAnotherTypeIsRefusedNamingIt() {
    Tip tip = new Tip(Instant.EPOCH);
    assertThatThrownBy(() -> Views.of(Missing.class, tip))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Missing")
        .hasStackTraceContaining("has no field who");
    assertThatThrownBy(() -> Views.of(Wrong.class, tip)).isInstanceOf(IllegalStateException.class);
  }
}
