package dev.plinth.reservations.webhook;

import dev.plinth.reservations.application.ReservationService;
import dev.plinth.reservations.application.ReservationService.PaymentEvent;
import dev.plinth.spi.StripeEvent;
import dev.plinth.spi.StripeEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;

/**
 * The Stripe events the vertical acts on, read from Stripe's checkout-session and charge objects
 * and handed to {@link ReservationService}. Sessions of other verticals are ignored.
 */
@ApplicationScoped
public class ReservationsStripeHandler {

  @Inject ReservationService reservations;

  public Map<String, StripeEventHandler> handlers() {
    return Map.of(
        "checkout.session.completed",
        (e, t) ->
            session(e)
                .ifPresent(
                    p -> {
                      if ("paid".equals(text(e.object(), "payment_status"))) {
                        reservations.paid(p);
                      } else {
                        reservations.awaitingPayment(p);
                      }
                    }),
        "checkout.session.async_payment_succeeded",
        (e, t) -> session(e).ifPresent(reservations::paid),
        "checkout.session.async_payment_failed",
        (e, t) -> session(e).ifPresent(reservations::paymentFailed),
        "checkout.session.expired",
        (e, t) -> session(e).ifPresent(reservations::sessionExpired),
        "charge.refunded",
        (e, t) -> {
          String pi = idOf(e.object().get("payment_intent"));
          if (pi != null && e.object().get("refunded") == JsonValue.TRUE) {
            reservations.refunded(pi, e.created());
          }
        });
  }

  /** A checkout-session event of this vertical, as the service needs it. */
  static Optional<PaymentEvent> session(StripeEvent e) {
    JsonObject s = e.object();
    JsonObject metadata =
        s.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    String vertical = text(metadata, "plinth_vertical");
    if (vertical != null && !vertical.equals("reservations")) {
      return Optional.empty();
    }
    return Optional.of(
        new PaymentEvent(
            text(s, "id"),
            Optional.ofNullable(text(metadata, "plinth_reference"))
                .or(() -> Optional.ofNullable(text(s, "client_reference_id"))),
            idOf(s.get("payment_intent")),
            e.created()));
  }

  private static String text(JsonObject o, String name) {
    return o.get(name) instanceof JsonString s ? s.getString() : null;
  }

  /** A field that is an id, or an expanded object with one. */
  private static String idOf(JsonValue v) {
    if (v instanceof JsonString s) {
      return s.getString();
    }
    return v instanceof JsonObject o ? text(o, "id") : null;
  }
}
