package dev.plinth.spi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

class FieldsTest {

  @Test
  void textIsTrimmedRequiredAndBounded() {
    assertThat(Fields.text("name", "  Ann ", 3)).isEqualTo("Ann");
    assertInvalid(() -> Fields.text("name", null, 3), "name", "name is required");
    assertInvalid(() -> Fields.text("name", "  ", 3), "name", "name must not be blank");
    assertInvalid(() -> Fields.text("name", "Anna", 3), "name", "name must be at most 3");
    assertThat(Fields.optionalText("phone", null, 3)).isNull();
    assertInvalid(() -> Fields.optionalText("phone", " ", 3), "phone", "must not be blank");
  }

  @Test
  void emailsCurrenciesAndPatterns() {
    assertThat(Fields.email("email", " a@b.example ")).isEqualTo("a@b.example");
    assertInvalid(() -> Fields.email("email", "a@b"), "email", "must be an email address");
    assertThat(Fields.currency("currency", "USD")).isEqualTo("usd");
    assertInvalid(() -> Fields.currency("currency", "dollars"), "currency", "three-letter");
    assertThat(Fields.matching("state", "tx", 10, "[a-z]{2}", "is two letters")).isEqualTo("tx");
    assertInvalid(
        () -> Fields.matching("state", "Texas", 10, "[a-z]{2}", "is two letters"),
        "state",
        "state is two letters");
  }

  @Test
  void numbersAreRequiredAndInRange() {
    assertThat(Fields.positive("amount", 1L)).isEqualTo(1);
    assertInvalid(() -> Fields.positive("amount", 0L), "amount", "amount must be positive");
    assertInvalid(() -> Fields.positive("amount", null), "amount", "amount is required");
    assertThat(Fields.range("days", 5L, 1, 5)).isEqualTo(5);
    assertInvalid(() -> Fields.range("days", 6L, 1, 5), "days", "days must be 1 to 5");
    assertThat(Fields.optionalRange("days", null, 1, 5)).isNull();
    assertInvalid(() -> Fields.optionalRange("days", 0L, 1, 5), "days", "days must be 1 to 5");
  }

  @Schema(requiredProperties = "name")
  public record Terms(
      String name,
      @Schema(maxLength = 5, minLength = 1) String note,
      @Schema(required = true, minimum = "1") Long price,
      @Schema(minimum = "0", maximum = "10") Long days) {}

  @Test
  void aRecordBuiltInCodeKeepsItsSchemaInComponentOrder() {
    Terms ok = new Terms("Spring", null, 1L, null);
    assertThat(Fields.conforming(ok)).isSameAs(ok);
    assertInvalid(() -> Fields.conforming(new Terms(null, null, 0L, 11L)), "name", "is required");
    assertInvalid(() -> Fields.conforming(new Terms("", "x", 1L, 0L)), "name", "must not be blank");
    assertInvalid(() -> Fields.conforming(new Terms("S", "", 1L, 0L)), "note", "must not be blank");
    assertInvalid(() -> Fields.conforming(new Terms("S", "longer", 1L, 0L)), "note", "at most 5");
    assertInvalid(() -> Fields.conforming(new Terms("S", null, 0L, 11L)), "price", "positive");
    assertInvalid(() -> Fields.conforming(new Terms("S", null, null, 0L)), "price", "is required");
    assertInvalid(() -> Fields.conforming(new Terms("S", null, 1L, 11L)), "days", "0 to 10");
  }

  private static void assertInvalid(Runnable r, String field, String message) {
    JsonBodyTest.assertInvalid(r, field);
    assertThatThrownBy(r::run).hasMessageContaining(message);
  }
}
