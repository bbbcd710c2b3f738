package dev.plinth.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Fields;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

class RecordBodyReaderTest {

  public record Address(String city) {
    public Address {
      city = Fields.text("city", city, 20);
    }
  }

  public record Order(
      String name, Long amount, Integer count, Boolean gift, Instant at, Address address) {
    public Order {
      name = Fields.text("name", name, 10);
      amount = Fields.positive("amount", amount);
    }
  }

  public record Place(@Schema(required = true) String town) {}

  @Schema(requiredProperties = {"email"})
  public record Signup(
      String email,
      @Schema(required = true, maxLength = 10) String name,
      @Schema(format = "email") String backupEmail,
      @Schema(minLength = 1, maxLength = 5) String nickname,
      @Schema(maxLength = 20) String note,
      @Schema(minimum = "1") Long amount,
      @Schema(minimum = "1", maximum = "10") Long count,
      @Schema(maximum = "3") Integer days,
      Place place) {}

  @Test
  void theSchemaOfEachComponentIsEnforcedInOrderAndStringsAreTrimmed() {
    Signup ok =
        RecordBodyReader.read(
            Signup.class,
            "{\"email\":\" a@b.co \",\"name\":\" Ann \",\"note\":\"  \",\"amount\":1,"
                + "\"count\":10,\"days\":3,\"place\":{\"town\":\" Austin \"}}");
    assertThat(ok)
        .isEqualTo(new Signup("a@b.co", "Ann", null, null, "", 1L, 10L, 3, new Place("Austin")));

    String base = "{\"email\":\"a@b.co\",\"name\":\"Ann\"";
    assertInvalid(Signup.class, "{\"name\":\"Ann\"}", "email", "email is required");
    assertInvalid(
        Signup.class, "{\"email\":\"  \",\"name\":\"Ann\"}", "email", "email must not be blank");
    assertInvalid(Signup.class, "{\"email\":\"a@b.co\"}", "name", "name is required");
    assertInvalid(Signup.class, "{\"email\":\"a@b.co\",\"name\":null}", "name", "name is required");
    assertInvalid(
        Signup.class, "{\"email\":\"a@b.co\",\"name\":\" \"}", "name", "name must not be blank");
    assertInvalid(
        Signup.class,
        "{\"email\":\"a@b.co\",\"name\":\"Ann Annabel B\"}",
        "name",
        "name must be at most 10 characters");
    assertInvalid(
        Signup.class,
        base + ",\"backupEmail\":\"nope\"}",
        "backupEmail",
        "backupEmail must be an email address");
    assertInvalid(
        Signup.class,
        base + ",\"backupEmail\":\"" + "a".repeat(250) + "@b.co\"}",
        "backupEmail",
        "backupEmail must be at most 254 characters");
    assertInvalid(
        Signup.class, base + ",\"nickname\":\"  \"}", "nickname", "nickname must not be blank");
    assertInvalid(Signup.class, base + ",\"amount\":0}", "amount", "amount must be positive");
    assertInvalid(Signup.class, base + ",\"count\":11}", "count", "count must be 1 to 10");
    assertInvalid(Signup.class, base + ",\"days\":4}", "days", "days must be at most 3");
    // in component order: the first bad field is named
    assertInvalid(Signup.class, "{\"name\":\"\",\"amount\":0}", "email", "email is required");
    assertInvalid(
        Signup.class, base + ",\"count\":0,\"amount\":0}", "amount", "amount must be positive");
    // a nested record's fields are named by their path
    assertInvalid(Signup.class, base + ",\"place\":{}}", "place.town", "place.town is required");
  }

  @Test
  void readsATypedBodyThroughItsCompactConstructor() {
    Order o =
        RecordBodyReader.read(
            Order.class,
            "{\"name\":\" Ann \",\"amount\":5,\"count\":2,\"gift\":true,"
                + "\"at\":\"2026-12-01T15:00:00Z\",\"address\":{\"city\":\"Austin\"}}");
    assertThat(o)
        .isEqualTo(
            new Order(
                "Ann", 5L, 2, true, Instant.parse("2026-12-01T15:00:00Z"), new Address("Austin")));
    assertThat(RecordBodyReader.read(Order.class, "{\"name\":\"B\",\"amount\":1,\"at\":null}"))
        .isEqualTo(new Order("B", 1L, null, null, null, null));
  }

  @Test
  void bodiesThatAreNotJsonObjectsAreMalformedJson() {
    for (String bad : new String[] {"", " ", "{", "[1]", "\"x\"", "{\"name\":}", "nope"}) {
      assertThatThrownBy(() -> RecordBodyReader.read(Order.class, bad))
          .as(bad)
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo("malformed_json"));
    }
  }

  @Test
  void unknownFieldsWrongTypesAndBadValuesNameTheField() {
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"colour\":\"red\"}", "colour");
    assertInvalid("{\"name\":5,\"amount\":1}", "name");
    assertInvalid("{\"name\":\"A\",\"amount\":\"1\"}", "amount");
    assertInvalid("{\"name\":\"A\",\"amount\":1.5}", "amount");
    assertInvalid("{\"name\":\"A\",\"amount\":1e30}", "amount");
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"count\":3000000000}", "count");
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"gift\":\"yes\"}", "gift");
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"at\":\"tomorrow\"}", "at");
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"at\":5}", "at");
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"address\":\"Austin\"}", "address");
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"address\":{\"town\":\"x\"}}", "address.town");
    assertInvalid("{\"name\":\"A\",\"amount\":1,\"address\":{\"city\":7}}", "address.city");
    // the compact constructors: required, blank, too long, out of range
    assertInvalid("{\"amount\":1}", "name");
    assertInvalid("{\"name\":\"  \",\"amount\":1}", "name");
    assertInvalid("{\"name\":\"far too long a name\",\"amount\":1}", "name");
    assertInvalid("{\"name\":\"A\",\"amount\":0}", "amount");
    assertInvalid("{\"name\":\"A\"}", "amount");
  }

  /** The body is refused with 400 invalid_request naming the field (and, if given, saying it). */
  private static void assertInvalid(
      Class<? extends Record> type, String body, String field, String message) {
    assertThatThrownBy(() -> RecordBodyReader.read(type, body))
        .as(body)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid_request");
              assertThat(e.details()).containsEntry("field", field);
              if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
              }
            });
  }

  private static void assertInvalid(String body, String field) {
    assertInvalid(Order.class, body, field, null);
  }
}
