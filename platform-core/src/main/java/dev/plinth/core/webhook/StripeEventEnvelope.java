package dev.plinth.core.webhook;

import dev.plinth.spi.web.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The parts of a Stripe event that the intake records, read from the raw payload. The payload is
 * kept as it came; nothing here depends on stripe-java's model classes, so an event of another API
 * version is still taken in.
 *
 * @param head the envelope's fields: id, type, created, API version, livemode, account, and the id
 *     of {@code data.object}
 * @param object {@code data.object}
 */
public record StripeEventEnvelope(Head head, JsonObject object) {

  /** The end of year 9999: a later {@code created} is no Stripe event's, and no timestamp's. */
  static final long LATEST_CREATED = 253_402_300_799L;

  private static final BigDecimal LATEST = BigDecimal.valueOf(LATEST_CREATED);

  /**
   * Made once: {@code Json.createReader} and {@code Json.createParser} look the provider up again
   * on every call, which costs far more than the parse (a 1 KB event: 65-90 µs a call with the
   * lookup, 2-3 µs without, in a plain JVM).
   */
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  /**
   * The fields the intake records, without {@code data.object}: what {@link #parse} finds, and
   * refuses, but read as a stream, so that nothing of the payload is kept beyond these fields.
   *
   * @param id {@code evt_...}
   * @param type such as {@code checkout.session.completed}
   * @param created when Stripe created it
   * @param apiVersion the API version it was rendered with, if given
   * @param livemode live or test
   * @param account the connected account, for Connect events
   * @param objectId the id of {@code data.object}, if it has one
   */
  public record Head(
      String id,
      String type,
      Instant created,
      String apiVersion,
      boolean livemode,
      Optional<String> account,
      String objectId) {}

  /** {@code evt_...} */
  public String id() {
    return head.id();
  }

  /** Such as {@code checkout.session.completed}. */
  public String type() {
    return head.type();
  }

  /** When Stripe created it. */
  public Instant created() {
    return head.created();
  }

  /** The API version it was rendered with, if given. */
  public String apiVersion() {
    return head.apiVersion();
  }

  /** Live or test. */
  public boolean livemode() {
    return head.livemode();
  }

  /** The connected account, for Connect events. */
  public Optional<String> account() {
    return head.account();
  }

  /** The id of {@code data.object}, if it has one. */
  public String objectId() {
    return head.objectId();
  }

  /**
   * @throws ApiException 400 {@code malformed_json} if the payload is not a JSON object, or 400
   *     {@code invalid_request} naming the field if it is not shaped like a Stripe event
   */
  public static StripeEventEnvelope parse(String payload) {
    JsonObject json;
    try (JsonReader reader = READERS.createReader(new StringReader(payload))) {
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
        new Head(
            id,
            type,
            Instant.ofEpochSecond(created.longValue()),
            string(json, "api_version").orElse(null),
            json.get("livemode") == JsonValue.TRUE,
            string(json, "account"),
            string(object, "id").orElse(null)),
        object);
  }

  /**
   * The intake's reading of a delivery: the envelope's fields, read with a streaming parser that
   * skips every value it does not need (all of {@code data.object} but its {@code id}), yet reads
   * the whole payload, so that it refuses exactly what {@link #parse} refuses, in the same order:
   * malformed JSON anywhere in the object first, then {@code id}, {@code type}, {@code created},
   * {@code data.object}. A repeated name counts as its last value, as in {@link JsonObject}.
   *
   * @throws ApiException as {@link #parse} does
   */
  public static Head head(String payload) {
    Scan scan = new Scan();
    try (JsonParser p = PARSERS.createParser(new StringReader(payload))) {
      if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) {
        // a scalar or an array: read on, so that malformed JSON is still called malformed
        while (p.hasNext()) {
          p.next();
        }
        throw new ApiException(400, "malformed_json", "the event must be a JSON object");
      }
      // what follows the object is not read, as JsonReader does not read it
      scan.top(p);
    } catch (JsonException | NoSuchElementException | IllegalStateException e) {
      throw new ApiException(400, "malformed_json", "the event is not valid JSON");
    }
    return scan.head();
  }

  /** What {@link #head} has seen so far; a later value of a name replaces an earlier one. */
  private static final class Scan {
    String id;
    String type;
    BigDecimal created;
    String apiVersion;
    boolean livemode;
    String account;
    boolean hasObject;
    String objectId;

    void top(JsonParser p) {
      members(
          p,
          (name, value) -> {
            switch (name) {
              case "id" -> id = text(p, value);
              case "type" -> type = text(p, value);
              case "api_version" -> apiVersion = text(p, value);
              case "account" -> account = text(p, value);
              case "livemode" -> livemode = value == JsonParser.Event.VALUE_TRUE;
              case "created" ->
                  created = value == JsonParser.Event.VALUE_NUMBER ? p.getBigDecimal() : null;
              case "data" -> data(p, value);
              default -> skip(p, value);
            }
          });
    }

    private void data(JsonParser p, JsonParser.Event value) {
      hasObject = false;
      objectId = null;
      if (value != JsonParser.Event.START_OBJECT) {
        skip(p, value);
        return;
      }
      members(p, (name, v) -> read(p, v, name.equals("object"), this::object));
    }

    private void object(JsonParser p, JsonParser.Event value) {
      hasObject = value == JsonParser.Event.START_OBJECT;
      objectId = null;
      if (!hasObject) {
        skip(p, value);
        return;
      }
      members(p, (name, v) -> read(p, v, name.equals("id"), (q, w) -> objectId = text(q, w)));
    }

    /** Reads a value with {@code reader} if it is wanted, else reads past it. */
    private static void read(
        JsonParser p,
        JsonParser.Event value,
        boolean wanted,
        BiConsumer<JsonParser, JsonParser.Event> reader) {
      if (wanted) {
        reader.accept(p, value);
      } else {
        skip(p, value);
      }
    }

    /** Each member of the object just opened, by name and the first event of its value. */
    private static void members(JsonParser p, BiConsumer<String, JsonParser.Event> member) {
      while (p.next() == JsonParser.Event.KEY_NAME) {
        String name = p.getString();
        member.accept(name, p.next());
      }
    }

    Head head() {
      if (id == null || !id.startsWith("evt_")) {
        throw bad("id");
      }
      if (type == null) {
        throw bad("type");
      }
      if (created == null
          || created.scale() != 0
          || created.signum() < 0
          || created.compareTo(LATEST) > 0) {
        throw bad("created");
      }
      if (!hasObject) {
        throw bad("data.object");
      }
      return new Head(
          id,
          type,
          Instant.ofEpochSecond(created.longValueExact()),
          apiVersion,
          livemode,
          Optional.ofNullable(account),
          objectId);
    }

    /** A non-blank string, or null for anything else. */
    private static String text(JsonParser p, JsonParser.Event value) {
      if (value != JsonParser.Event.VALUE_STRING) {
        skip(p, value);
        return null;
      }
      String s = p.getString();
      return s.isBlank() ? null : s;
    }

    /** Reads past a value, checking its syntax: the parser reads every token of it. */
    private static void skip(JsonParser p, JsonParser.Event value) {
      if (value != JsonParser.Event.START_OBJECT && value != JsonParser.Event.START_ARRAY) {
        return;
      }
      int depth = 1;
      while (depth > 0) {
        switch (p.next()) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          default -> {}
        }
      }
    }
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
