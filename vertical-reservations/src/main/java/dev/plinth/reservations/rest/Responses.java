package dev.plinth.reservations.rest;

import dev.plinth.reservations.domain.ItemStatus;
import dev.plinth.reservations.domain.ReservationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies the API answers with, written by JSON-B; a null field is left out. The entities fill
 * in their own views ({@code Item.view()}, {@code Reservation.view()}).
 */
public final class Responses {

  private Responses() {}

  @Schema(description = "An item; amounts in minor units.")
  public record ItemView(
      UUID id,
      String name,
      String description,
      long priceAmount,
      long depositAmount,
      String currency,
      ItemStatus status,
      Instant createdAt,
      Instant updatedAt) {}

  public record ItemList(List<ItemView> items) {}

  @Schema(description = "Where the customer pays the deposit, and until when the item is held.")
  public record DepositStarted(
      UUID reservationId, String sessionId, String url, Instant expiresAt) {}

  public record Amount(long amount, String currency) {}

  @Schema(description = "An item's reservations by status, and the deposits taken for it.")
  public record ItemSummary(
      UUID itemId,
      ItemStatus status,
      @Schema(description = "reservation status to count") Map<String, Long> reservations,
      Amount depositsTaken) {}

  public record CustomerView(
      String email, String name, @Schema(description = "when given") String phone) {}

  @Schema(description = "A reservation, as the tenant sees it.")
  public record ReservationView(
      UUID id,
      UUID itemId,
      ReservationStatus status,
      CustomerView customer,
      long depositAmount,
      String currency,
      Instant expiresAt,
      Instant createdAt,
      Instant updatedAt,
      @Schema(description = "once the customer was sent to pay") String checkoutSessionId,
      @Schema(description = "once Stripe named the payment") String paymentIntentId) {}

  public record ReservationList(List<ReservationView> reservations) {}

  public record ItemRef(UUID id, String name) {}

  public record PortalReservation(
      ReservationStatus status,
      Instant expiresAt,
      long depositAmount,
      String currency,
      ItemRef item) {}

  @Schema(description = "The customer's view of their reservation.")
  public record ReservationPortal(PortalReservation reservation) {}
}
