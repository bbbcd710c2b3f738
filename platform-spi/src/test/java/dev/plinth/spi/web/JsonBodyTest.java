package dev.plinth.spi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

  @Test
  void malformedBodiesAreMalformedJson() {
    for (String bad : new String[] {"", "{", "[1,2]", "\"text\"", "{\"a\":}", "not json"}) {
      assertThatThrownBy(() -> JsonBody.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo("malformed_json"));
    }
  }

  @Test
  void wrongTypesAndMissingFieldsNameTheField() {
    JsonBody body = JsonBody.parse("{\"name\": 5, \"blank\": \"  \", \"obj\": \"x\"}");
    assertInvalid(() -> body.string("name"), "name");
    assertInvalid(() -> body.string("missing"), "missing");
    assertInvalid(() -> body.string("blank"), "blank");
    assertInvalid(() -> body.object("obj"), "obj");
    assertInvalid(() -> body.allowOnly(Set.of("name", "blank")), "obj");
  }

  @Test
  void readsTrimmedStringsAndNestedObjects() {
    JsonBody body = JsonBody.parse("{\"a\": \" x \", \"o\": {\"b\": \"y\"}, \"n\": null}");
    assertThat(body.string("a")).isEqualTo("x");
    assertThat(body.object("o").string("b")).isEqualTo("y");
    assertThat(body.optionalString("n")).isEmpty();
    assertInvalid(() -> body.object("o").string("c"), "o.c");
  }

  static void assertInvalid(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid_request");
              assertThat(e.details()).containsEntry("field", field);
            });
  }

  @Test
  void numbersEmailsAndCurrenciesAreChecked() {
    JsonBody b =
        JsonBody.parse(
            "{\"n\":12,\"f\":1.5,\"s\":\"12\",\"e\":\"a@b.example\",\"bad\":\"a@b\","
                + "\"c\":\"USD\",\"long\":\"xxxx\"}");
    assertThat(b.wholeNumber("n")).isEqualTo(12);
    assertThat(b.optionalWholeNumber("missing")).isEmpty();
    assertThatThrownBy(() -> b.wholeNumber("f"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.details()).containsEntry("field", "f"));
    assertThatThrownBy(() -> b.wholeNumber("s")).isInstanceOf(ApiException.class);
    assertThat(b.email("e")).isEqualTo("a@b.example");
    assertThatThrownBy(() -> b.email("bad"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.details()).containsEntry("field", "bad"));
    assertThat(b.currency("c")).isEqualTo("usd");
    assertThatThrownBy(() -> b.string("long", 3)).isInstanceOf(ApiException.class);
  }
}
