package dev.plinth.core.api;

import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Fields;
import dev.plinth.spi.web.JsonBody;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Reads a JSON request body into a Java record with JSON-B, keeping the error contract of {@link
 * JsonBody}: a body that is not a JSON object is 400 {@code malformed_json}; a field the record
 * does not have, or a value of the wrong JSON type for its component, is 400 {@code
 * invalid_request} naming the field. Then each component's {@code @Schema} constraints are checked
 * in component order, naming the first bad field (see {@link #constrain}), and strings are trimmed;
 * the record's compact constructor checks what a schema cannot say (see {@link
 * dev.plinth.spi.web.Fields}), its {@link ApiException} passed on as it is. So the schema that
 * {@code /openapi} publishes is the one that is enforced. JSON names are the components' names.
 * Strings, whole numbers ({@code Long}, {@code Integer}), booleans, instants (ISO-8601 strings) and
 * nested records are type-checked here; anything else is left to JSON-B, whose failure is {@code
 * malformed_json}.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class RecordBodyReader implements MessageBodyReader<Record> {

  private static final Jsonb JSONB = JsonbBuilder.create();

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type.isRecord();
  }

  @Override
  public Record readFrom(
      Class<Record> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream entity)
      throws IOException {
    String body = new String(entity.readAllBytes(), StandardCharsets.UTF_8);
    return read(type, body);
  }

  /** The record {@code type} that {@code body} describes, or the contract's 400. */
  static <T extends Record> T read(Class<T> type, String body) {
    JsonObject json = JsonBody.parse(body).json();
    check(type, json, "");
    JsonObject trimmed = constrain(type, json, "");
    try {
      return JSONB.fromJson(trimmed.toString(), type);
    } catch (JsonbException e) {
      for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c instanceof ApiException api) {
          throw api;
        }
      }
      throw new ApiException(400, "malformed_json", "the request body is not valid JSON");
    }
  }

  private static void check(Class<?> type, JsonObject json, String prefix) {
    RecordComponent[] components = type.getRecordComponents();
    Set<String> names =
        Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
    for (String key : json.keySet()) {
      if (!names.contains(key)) {
        throw ApiException.invalid(prefix + key, "unknown field " + prefix + key);
      }
    }
    for (RecordComponent c : components) {
      JsonValue value = json.get(c.getName());
      if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
        checkType(c.getType(), value, prefix + c.getName());
      }
    }
  }

  /**
   * Checks each component's {@code @Schema} constraints, in component order, with {@link
   * Fields#schema} (which says which), and returns the body with its strings trimmed.
   */
  private static JsonObject constrain(Class<?> type, JsonObject json, String prefix) {
    Schema whole = type.getAnnotation(Schema.class);
    Set<String> required = whole == null ? Set.of() : Set.of(whole.requiredProperties());
    JsonObjectBuilder out = Json.createObjectBuilder(json);
    for (RecordComponent c : type.getRecordComponents()) {
      String name = c.getName();
      String field = prefix + name;
      Schema s = schemaOf(type, name);
      JsonValue value = json.get(name);
      boolean listed = required.contains(name);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        Fields.schema(field, s, listed, null);
      } else if (value instanceof JsonString string) {
        String trimmed = string.getString().trim();
        Fields.schema(field, s, listed, trimmed);
        out.add(name, trimmed);
      } else if (value instanceof JsonNumber number) {
        Fields.schema(field, s, listed, number.longValue());
      } else if (c.getType().isRecord()) {
        out.add(name, constrain(c.getType(), value.asJsonObject(), field + "."));
      }
    }
    return out.build();
  }

  private static Schema schemaOf(Class<?> type, String component) {
    try {
      return type.getDeclaredField(component).getAnnotation(Schema.class);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static void checkType(Class<?> type, JsonValue value, String field) {
    JsonValue.ValueType t = value.getValueType();
    if (type == String.class && t != JsonValue.ValueType.STRING) {
      throw ApiException.invalid(field, field + " must be a string");
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      checkWholeNumber(type, value, field);
    }
    if ((type == Boolean.class || type == boolean.class)
        && t != JsonValue.ValueType.TRUE
        && t != JsonValue.ValueType.FALSE) {
      throw ApiException.invalid(field, field + " must be true or false");
    }
    if (type == Instant.class) {
      checkInstant(value, field);
    }
    if (type.isRecord()) {
      if (t != JsonValue.ValueType.OBJECT) {
        throw ApiException.invalid(field, field + " must be an object");
      }
      check(type, value.asJsonObject(), field + ".");
    }
  }

  private static void checkWholeNumber(Class<?> type, JsonValue value, String field) {
    if (!(value instanceof JsonNumber n) || !n.isIntegral()) {
      throw ApiException.invalid(field, field + " must be a whole number");
    }
    try {
      long v = n.longValueExact();
      if ((type == Integer.class || type == int.class) && v != (int) v) {
        throw new ArithmeticException();
      }
    } catch (ArithmeticException e) {
      throw ApiException.invalid(field, field + " is too large");
    }
  }

  private static void checkInstant(JsonValue value, String field) {
    try {
      if (value.getValueType() == JsonValue.ValueType.STRING) {
        Instant.parse(((jakarta.json.JsonString) value).getString());
        return;
      }
    } catch (DateTimeParseException e) {
      // answered below, as for a value that is not a string
    }
    throw ApiException.invalid(
        field, field + " must be an ISO-8601 instant, such as 2026-12-01T15:00:00Z");
  }
}
