package dev.plinth.spi.web;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Optional;
import java.util.Set;

/**
 * A request body read as a JSON object, for the core and the verticals alike, with typed access
 * that answers 400 with the field's JSON name when a value is missing or of the wrong type.
 */
public final class JsonBody {

  private final JsonObject json;
  private final String prefix;

  private JsonBody(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  /** Parses a body; 400 {@code malformed_json} if it is not a JSON object. */
  public static JsonBody parse(String body) {
    if (body == null || body.isBlank()) {
      throw new ApiException(
          400, "malformed_json", "the request body is empty; a JSON object is required");
    }
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new ApiException(400, "malformed_json", "the request body must be a JSON object");
      }
      return new JsonBody(value.asJsonObject(), "");
    } catch (JsonParsingException e) {
      throw new ApiException(
          400,
          "malformed_json",
          "the request body is not valid JSON (line "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber()
              + ")");
    } catch (JsonException e) {
      throw new ApiException(400, "malformed_json", "the request body is not valid JSON");
    }
  }

  public JsonObject json() {
    return json;
  }

  public boolean has(String name) {
    return json.containsKey(name) && json.get(name).getValueType() != JsonValue.ValueType.NULL;
  }

  /** A required non-blank string, trimmed. */
  public String string(String name) {
    return string(name, Integer.MAX_VALUE);
  }

  public Optional<String> optionalString(String name) {
    return optionalString(name, Integer.MAX_VALUE);
  }

  /** A required string of at most {@code max} characters, trimmed. */
  public String string(String name, int max) {
    return Fields.text(path(name), raw(name), max);
  }

  /** An optional string of at most {@code max} characters, trimmed. */
  public Optional<String> optionalString(String name, int max) {
    return Optional.ofNullable(Fields.optionalText(path(name), raw(name), max));
  }

  /** The string {@code name} as sent; null when it is absent. */
  private String raw(String name) {
    if (!has(name)) {
      return null;
    }
    if (json.get(name).getValueType() != JsonValue.ValueType.STRING) {
      throw ApiException.invalid(path(name), path(name) + " must be a string");
    }
    return json.getString(name);
  }

  /** A required email address, trimmed. */
  public String email(String name) {
    return Fields.email(path(name), raw(name));
  }

  /** A required whole number (an amount in minor units, say). */
  public long wholeNumber(String name) {
    return optionalWholeNumber(name)
        .orElseThrow(() -> ApiException.invalid(path(name), path(name) + " is required"));
  }

  public Optional<Long> optionalWholeNumber(String name) {
    if (!has(name)) {
      return Optional.empty();
    }
    if (!(json.get(name) instanceof JsonNumber n) || !n.isIntegral()) {
      throw ApiException.invalid(path(name), path(name) + " must be a whole number");
    }
    try {
      return Optional.of(n.longValueExact());
    } catch (ArithmeticException e) {
      throw ApiException.invalid(path(name), path(name) + " is too large");
    }
  }

  /** A required ISO 4217 currency code, lowercased as Stripe wants it. */
  public String currency(String name) {
    return Fields.currency(path(name), raw(name));
  }

  /** A required nested object. */
  public JsonBody object(String name) {
    return optionalObject(name)
        .orElseThrow(() -> ApiException.invalid(path(name), path(name) + " is required"));
  }

  public Optional<JsonBody> optionalObject(String name) {
    if (!has(name)) {
      return Optional.empty();
    }
    if (json.get(name).getValueType() != JsonValue.ValueType.OBJECT) {
      throw ApiException.invalid(path(name), path(name) + " must be an object");
    }
    return Optional.of(new JsonBody(json.getJsonObject(name), path(name) + "."));
  }

  /** Fails on any field not in {@code allowed}, so that typos do not pass silently. */
  public JsonBody allowOnly(Set<String> allowed) {
    for (String key : json.keySet()) {
      if (!allowed.contains(key)) {
        throw ApiException.invalid(path(key), "unknown field " + path(key));
      }
    }
    return this;
  }

  private String path(String name) {
    return prefix + name;
  }
}
