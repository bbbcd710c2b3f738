package dev.plinth.reservations.application;

import dev.plinth.reservations.ReservationsConfig;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.spi.BillingService;
import dev.plinth.spi.CheckoutLine;
import dev.plinth.spi.CheckoutRequest;
import dev.plinth.spi.CheckoutSession;
import dev.plinth.spi.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
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
    ReservationService.Held held = reservations.hold(itemId, customer, config.hold());
    Reservation r = held.reservation();
    CheckoutSession session;
    try {
      session =
          billing.createCheckout(
              new CheckoutRequest(
                  CheckoutRequest.Mode.payment,
                  r.id().toString(),
                  List.of(
                      CheckoutLine.item(
                          "Deposit: " + held.item().name(), r.depositAmount(), r.currency())),
                  customer.email(),
                  Map.of("item_id", itemId.toString()),
                  back.success() != null
                      ? back.success()
                      : pageUrl("success?session_id={CHECKOUT_SESSION_ID}"),
                  back.cancel() != null ? back.cancel() : pageUrl("item?id=" + itemId),
                  config.hold()));
    } catch (RuntimeException e) {
      reservations.release(r.id());
      throw e;
    }
    reservations.attach(r.id(), session.id(), session.expiresAt());
    return new Started(r.id(), session.id(), session.url(), session.expiresAt());
  }

  /**
   * One of the customer's pages (see {@code ReservationsModule.pages()}): Stripe sends the customer
   * back to the success page after paying, and to the item's page if they cancel.
   */
  private String pageUrl(String page) {
    return tenant.publicUrl() + "/t/" + tenant.slug() + "/" + page;
  }
}
