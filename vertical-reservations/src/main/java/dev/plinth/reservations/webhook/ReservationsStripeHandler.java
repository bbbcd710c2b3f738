package dev.plinth.reservations.webhook;

import dev.plinth.reservations.ReservationsConfig;
import dev.plinth.reservations.application.ReservationService;
import dev.plinth.reservations.application.ReservationService.PaymentEvent;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.billing.StripeEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
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

  @Inject ReservationsConfig config;

  public Map<String, StripeEventHandler> handlers() {
    return Map.of(
        "checkout.session.completed",
        (e, t) ->
            session(e)
                .ifPresent(
                    p -> {
                      if ("paid".equals(e.text("payment_status"))) {
                        reservations.paid(p);
                      } else {
                        reservations.awaitingPayment(p, config.delayedPaymentWindow());
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
          String pi = e.idOf("payment_intent");
          if (pi != null && e.object().get("refunded") == JsonValue.TRUE) {
            reservations.refunded(pi, e.created());
          }
        });
  }

  /** A checkout-session event of this vertical, as the service needs it. */
  static Optional<PaymentEvent> session(StripeEvent e) {
    if (!e.isFor("reservations")) {
      return Optional.empty();
    }
    Long amountTotal =
        e.object().get("amount_total") instanceof JsonNumber n ? n.longValue() : null;
    return Optional.of(
        new PaymentEvent(
            e.text("id"),
            e.reference(),
            e.idOf("payment_intent"),
            e.created(),
            amountTotal,
            e.text("currency")));
  }
}
