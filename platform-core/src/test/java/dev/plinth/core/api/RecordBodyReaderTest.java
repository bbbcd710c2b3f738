package dev.plinth.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Fields;
import java.time.Instant;
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

  private static void assertInvalid(String body, String field) {
    assertThatThrownBy(() -> RecordBodyReader.read(Order.class, body))
        .as(body)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid_request");
              assertThat(e.details()).containsEntry("field", field);
            });
  }
}
