package dev.plinth.spi.billing;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.Optional;

/**
 * A verified Stripe event as a vertical sees it: a read-only copy of what Stripe sent, for the raw
 * {@link StripeEventHandler}s of event types that no {@link PaymentListener} method covers. Unlike
 * the typed events, a raw event is not filtered: the handler decides whether it is the vertical's.
 *
 * @param id Stripe's event id ({@code evt_...})
 * @param type the event type, such as {@code customer.updated}
 * @param created when Stripe created the event
 * @param account the connected account, for Connect events
 * @param object {@code data.object}, the Stripe object the event is about
 */
public record StripeEvent(
    String id, String type, Instant created, Optional<String> account, JsonObject object) {

  /**
   * The vertical's reference ({@link CheckoutRequest#reference()}) when the object carries the
   * metadata that checkout puts on a session and its payment intent, for {@code vertical} at the
   * tenant {@code slug}; empty for any other object.
   */
  public Optional<String> reference(String vertical, String slug) {
    JsonObject m =
        object.get("metadata") instanceof JsonObject o ? o : JsonObject.EMPTY_JSON_OBJECT;
    return vertical.equals(text(m, "plinth_vertical")) && slug.equals(text(m, "plinth_tenant"))
        ? Optional.ofNullable(text(m, "plinth_reference"))
        : Optional.empty();
  }

  /** What the bank said of a declined payment (a payment intent's {@code last_payment_error}). */
  public Optional<String> paymentError() {
    return object.get("last_payment_error") instanceof JsonObject e
        ? Optional.ofNullable(text(e, "message"))
        : Optional.empty();
  }

  private static String text(JsonObject o, String name) {
    return o.get(name) instanceof JsonString s ? s.getString() : null;
  }
}
