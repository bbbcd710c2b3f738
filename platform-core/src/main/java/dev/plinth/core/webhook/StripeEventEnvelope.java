package dev.plinth.core.webhook;

import dev.plinth.spi.web.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

/**
 * The parts of a Stripe event that the intake records, read from the raw payload. The payload is
 * kept as it came; nothing here depends on stripe-java's model classes, so an event of another API
 * version is still taken in.
 *
 * @param id {@code evt_...}
 * @param type such as {@code checkout.session.completed}
 * @param created when Stripe created it
 * @param apiVersion the API version it was rendered with, if given
 * @param livemode live or test
 * @param account the connected account, for Connect events
 * @param objectId the id of {@code data.object}, if it has one
 * @param object {@code data.object}
 */
public record StripeEventEnvelope(
    String id,
    String type,
    Instant created,
    String apiVersion,
    boolean livemode,
    Optional<String> account,
    String objectId,
    JsonObject object) {

  /**
   * @throws ApiException 400 {@code malformed_json} if the payload is not a JSON object, or 400
   *     {@code invalid_request} naming the field if it is not shaped like a Stripe event
   */
  /** The end of year 9999: a later {@code created} is no Stripe event's, and no timestamp's. */
  static final long LATEST_CREATED = 253_402_300_799L;

  public static StripeEventEnvelope parse(String payload) {
    JsonObject json;
    try (JsonReader reader = Json.createReader(new StringReader(payload))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new ApiException(400, "malformed_json", "the event must be a JSON object");
      }
      json = value.asJsonObject();
    } catch (JsonException e) {
      throw new ApiException(400, "malformed_json", "the event is not valid JSON");
    }
    return of(json);
  }

  /**
   * An event already read as JSON, such as an item of Stripe's events list.
   *
   * @throws ApiException 400 {@code invalid_request} naming the field if it is not shaped like a
   *     Stripe event
   */
  public static StripeEventEnvelope of(JsonObject json) {
    String id = string(json, "id").filter(s -> s.startsWith("evt_")).orElseThrow(() -> bad("id"));
    String type = string(json, "type").orElseThrow(() -> bad("type"));
    if (!(json.get("created") instanceof JsonNumber created)
        || !created.isIntegral()
        || created.longValue() < 0
        || created.longValue() > LATEST_CREATED) {
      throw bad("created");
    }
    if (!(json.get("data") instanceof JsonObject data)
        || !(data.get("object") instanceof JsonObject object)) {
      throw bad("data.object");
    }
    return new StripeEventEnvelope(
        id,
        type,
        Instant.ofEpochSecond(created.longValue()),
        string(json, "api_version").orElse(null),
        json.get("livemode") == JsonValue.TRUE,
        string(json, "account"),
        string(object, "id").orElse(null),
        object);
  }

  private static Optional<String> string(JsonObject json, String name) {
    return json.get(name) instanceof JsonString s && !s.getString().isBlank()
        ? Optional.of(s.getString())
        : Optional.empty();
  }

  private static ApiException bad(String field) {
    return ApiException.invalid(field, "the event has no valid " + field);
  }
}
