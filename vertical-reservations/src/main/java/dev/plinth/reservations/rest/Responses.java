package dev.plinth.reservations.rest;

import dev.plinth.reservations.application.DepositCheckout;
import dev.plinth.reservations.application.ItemService;
import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.ItemStatus;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.reservations.domain.ReservationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies the API answers with, written by JSON-B; a null field is left out. */
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
      Instant updatedAt) {

    static ItemView of(Item i) {
      return new ItemView(
          i.id(),
          i.name(),
          i.description(),
          i.priceAmount(),
          i.depositAmount(),
          i.currency(),
          i.status(),
          i.createdAt(),
          i.updatedAt());
    }
  }

  public record ItemList(List<ItemView> items) {}

  @Schema(description = "Where the customer pays the deposit, and until when the item is held.")
  public record DepositStarted(
      UUID reservationId, String sessionId, String url, Instant expiresAt) {

    static DepositStarted of(DepositCheckout.Started s) {
      return new DepositStarted(s.reservationId(), s.sessionId(), s.url(), s.expiresAt());
    }
  }

  public record Amount(long amount, String currency) {}

  @Schema(description = "An item's reservations by status, and the deposits taken for it.")
  public record ItemSummary(
      UUID itemId,
      ItemStatus status,
      @Schema(description = "reservation status to count") Map<String, Long> reservations,
      Amount depositsTaken) {

    static ItemSummary of(ItemService.Summary s) {
      Map<String, Long> counts = new TreeMap<>();
      s.counts().forEach((status, n) -> counts.put(status.name(), n));
      return new ItemSummary(
          s.item().id(),
          s.item().status(),
          counts,
          new Amount(s.depositsTaken(), s.item().currency()));
    }
  }

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
      @Schema(description = "once Stripe named the payment") String paymentIntentId) {

    static ReservationView of(Reservation r) {
      return new ReservationView(
          r.id(),
          r.itemId(),
          r.status(),
          new CustomerView(r.customerEmail(), r.customerName(), r.customerPhone()),
          r.depositAmount(),
          r.currency(),
          r.expiresAt(),
          r.createdAt(),
          r.updatedAt(),
          r.checkoutSessionId(),
          r.externalPaymentId());
    }
  }

  public record ReservationList(List<ReservationView> reservations) {}

  public record ItemRef(UUID id, String name) {}

  public record PortalReservation(
      ReservationStatus status,
      Instant expiresAt,
      long depositAmount,
      String currency,
      ItemRef item) {}

  @Schema(description = "The customer's view of their reservation.")
  public record ReservationPortal(PortalReservation reservation) {

    static ReservationPortal of(Reservation r, Item item) {
      return new ReservationPortal(
          new PortalReservation(
              r.status(),
              r.expiresAt(),
              r.depositAmount(),
              r.currency(),
              new ItemRef(item.id(), item.name())));
    }
  }
}
