package dev.plinth.reservations.application;

import dev.plinth.reservations.ReservationsConfig;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's deposit, start to Stripe: take the item (one transaction), create the Checkout
 * Session (no transaction is held open while Stripe answers), record the session (another). If
 * Stripe fails, the hold is released and the error passes on: nothing is left half-done.
 */
@ApplicationScoped
public class DepositCheckout {

  @Inject ReservationService reservations;

  @Inject BillingService billing;

  @Inject ReservationsConfig config;

  @Inject TenantContext tenant;

  /** What the customer needs to pay. */
  public record Started(UUID reservationId, String sessionId, String url, Instant expiresAt) {}

  /** Where Stripe sends the customer back; either may be null for the default. */
  public record ReturnUrls(String success, String cancel) {}

  public Started start(UUID itemId, Reservation.Customer customer, ReturnUrls back) {
    var started =
        billing.checkout(
            new CheckoutIntent<ReservationService.Held>() {
              @Override
              public ReservationService.Held record() {
                return reservations.hold(itemId, customer, config.hold());
              }

              @Override
              public CheckoutRequest request(ReservationService.Held held) {
                Reservation r = held.reservation();
                return CheckoutRequest.payment(r.id().toString())
                    .line(
                        CheckoutLine.item(
                            "Deposit: " + held.item().name(), r.depositAmount(), r.currency()))
                    .email(customer.email())
                    .metadata(Map.of("item_id", itemId.toString()))
                    .successUrl(
                        back.success() != null
                            ? back.success()
                            : tenant.pageUrl("success?session_id={CHECKOUT_SESSION_ID}"))
                    .cancelUrl(
                        back.cancel() != null ? back.cancel() : tenant.pageUrl("item?id=" + itemId))
                    .expiresIn(config.hold())
                    .build();
              }

              @Override
              public void attach(ReservationService.Held held, CheckoutSession session) {
                reservations.attach(held.reservation().id(), session.id(), session.expiresAt());
              }

              @Override
              public void compensate(ReservationService.Held held) {
                reservations.release(held.reservation().id());
              }
            });
    CheckoutSession session = started.session();
    return new Started(
        started.recorded().reservation().id(), session.id(), session.url(), session.expiresAt());
  }
}
