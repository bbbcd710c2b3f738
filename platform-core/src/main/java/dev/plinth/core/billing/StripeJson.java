package dev.plinth.core.billing;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reading Stripe's objects as raw JSON, whatever API version rendered them: a missing field, a null
 * and a field of another type all read as absent.
 */
public final class StripeJson {

  private StripeJson() {}

  /** A string field, if present. */
  public static Optional<String> text(JsonObject o, String name) {
    return o != null && o.get(name) instanceof JsonString s
        ? Optional.of(s.getString())
        : Optional.empty();
  }

  /** A string field, or null. */
  public static String textOrNull(JsonObject o, String name) {
    return text(o, name).orElse(null);
  }

  /** A whole-number field, or null. */
  public static Long number(JsonObject o, String name) {
    return o != null && o.get(name) instanceof JsonNumber n ? n.longValue() : null;
  }

  /** A field holding seconds since the epoch, or null. */
  public static Instant instant(JsonObject o, String name) {
    Long seconds = number(o, name);
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }

  /** A nested object, or null. */
  public static JsonObject object(JsonObject o, String name) {
    return o != null && o.get(name) instanceof JsonObject nested ? nested : null;
  }

  /** Whether a field is {@code true}. */
  public static boolean isTrue(JsonObject o, String name) {
    return o != null && o.get(name) == JsonValue.TRUE;
  }

  /** A field that holds an id, or an expanded object with one. */
  public static Optional<String> idOf(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    if (v instanceof JsonString s) {
      return Optional.of(s.getString());
    }
    return v instanceof JsonObject expanded ? text(expanded, "id") : Optional.empty();
  }

  /** The first element of a list object's {@code data} ({@code items}, say), or null. */
  public static JsonObject first(JsonObject o, String listField) {
    JsonObject list = object(o, listField);
    if (list != null
        && list.get("data") instanceof JsonArray data
        && !data.isEmpty()
        && data.get(0) instanceof JsonObject first) {
      return first;
    }
    return null;
  }

  /**
   * The payer's email of a checkout session: what they typed at checkout ({@code
   * customer_details.email}), else the address the checkout was prefilled with.
   */
  public static Optional<String> checkoutEmail(JsonObject session) {
    return text(object(session, "customer_details"), "email")
        .or(() -> text(session, "customer_email"));
  }

  /**
   * Whether a closed dispute left the money with the tenant: Stripe's {@code won}, or {@code
   * warning_closed} (an inquiry that never became a chargeback).
   */
  public static boolean disputeWon(String status) {
    return "won".equals(status) || "warning_closed".equals(status);
  }

  /** A metadata object as a map of its string values. */
  public static Map<String, String> strings(JsonObject metadata) {
    Map<String, String> m = new LinkedHashMap<>();
    if (metadata != null) {
      metadata.forEach(
          (k, v) -> {
            if (v instanceof JsonString s) {
              m.put(k, s.getString());
            }
          });
    }
    return m;
  }
}
