package dev.plinth.spi.billing;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Optional;

/**
 * A verified Stripe event as a vertical sees it: a read-only copy of what Stripe sent.
 *
 * @param id Stripe's event id ({@code evt_...})
 * @param type the event type, such as {@code checkout.session.completed}
 * @param created when Stripe created the event
 * @param account the connected account, for Connect events
 * @param object {@code data.object}, the Stripe object the event is about
 */
public record StripeEvent(
    String id, String type, Instant created, Optional<String> account, JsonObject object) {

  /** A string field of the event's object, or null. */
  public String text(String field) {
    return text(object, field);
  }

  /** A field of the object that holds an id, or an expanded object with one; null if neither. */
  public String idOf(String field) {
    JsonValue v = object.get(field);
    if (v instanceof JsonString s) {
      return s.getString();
    }
    return v instanceof JsonObject o ? text(o, "id") : null;
  }

  /** The object's metadata, empty if it has none. */
  public JsonObject metadata() {
    return object.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
  }

  /**
   * Whether the object belongs to {@code verticalId}: Plinth marks its checkouts with {@code
   * plinth_vertical}; an object without the mark is taken as the vertical's own.
   */
  public boolean isFor(String verticalId) {
    String mark = text(metadata(), "plinth_vertical");
    return mark == null || mark.equals(verticalId);
  }

  /**
   * The vertical's own reference that Plinth put on the checkout ({@code
   * CheckoutRequest.reference()}), from the object's metadata, or its {@code client_reference_id}.
   */
  public Optional<String> reference() {
    return Optional.ofNullable(text(metadata(), "plinth_reference"))
        .or(() -> Optional.ofNullable(text("client_reference_id")));
  }

  /** A string field of {@code o}, or null. */
  public static String text(JsonObject o, String field) {
    return o.get(field) instanceof JsonString s ? s.getString() : null;
  }
}
