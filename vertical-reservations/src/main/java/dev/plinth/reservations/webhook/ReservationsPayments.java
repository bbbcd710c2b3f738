package dev.plinth.reservations.webhook;

import dev.plinth.reservations.ReservationsConfig;
import dev.plinth.reservations.application.ReservationService;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutAwaitingPayment;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The payment events the vertical acts on, handed to {@link ReservationService}: a deposit paid,
 * awaiting a delayed payment, failed or expired, and a full refund.
 */
@ApplicationScoped
public class ReservationsPayments implements PaymentListener {

  @Inject ReservationService reservations;

  @Inject ReservationsConfig config;

  @Override
  public void checkoutPaid(CheckoutPaid event) {
    reservations.paid(deposit(event));
  }

  @Override
  public void checkoutAwaitingPayment(CheckoutAwaitingPayment event) {
    reservations.awaitingPayment(deposit(event), config.delayedPaymentWindow());
  }

  @Override
  public void checkoutPaymentFailed(CheckoutPaymentFailed event) {
    reservations.paymentFailed(deposit(event));
  }

  @Override
  public void checkoutExpired(CheckoutExpired event) {
    reservations.sessionExpired(deposit(event));
  }

  @Override
  public void paymentRefunded(PaymentRefunded event) {
    String paymentIntent = event.facts().paymentIntentId();
    if (event.full() && paymentIntent != null) {
      reservations.refunded(paymentIntent, event.created());
    }
  }

  /** A checkout's event as the service reads it: the amount is what the checkout took. */
  static ReservationService.PaymentEvent deposit(PaymentEvent event) {
    PaymentEvent.Facts f = event.facts();
    Optional<Money> amount = Optional.ofNullable(f.amount());
    return new ReservationService.PaymentEvent(
        f.checkoutSessionId(),
        Optional.ofNullable(f.reference()),
        f.paymentIntentId(),
        f.created(),
        amount.map(Money::amount).orElse(null),
        amount.map(Money::currency).orElse(null));
  }
}
