package dev.plinth.reservations;

import dev.plinth.reservations.ReservationService.Held;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Created;
import dev.plinth.spi.web.Fields;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.OwnerOnly;
import dev.plinth.spi.web.Params;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The vertical's HTTP API, under {@code /api/t/{slug}/reservations}, and its bodies. Items are
 * public to read; the tenant (API key) creates, updates and sells them and sees reservations;
 * customers (no key) pay deposits and look at their reservation by its Checkout Session id.
 */
@Path(TenantArea.PATH + ReservationsModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reservations", description = "Deposits on scarce items")
public class ReservationsResource {

  // The bodies the API reads: the host enforces each field's @Schema, in field order (see
  // Fields); a compact constructor checks what a schema cannot say.

  @Schema(description = "What a tenant says about an item; amounts in minor units.")
  public record ItemRequest(
      @Schema(required = true, maxLength = 200) String name,
      @Schema(minLength = 1, maxLength = 5000, description = "empty when left out")
          String description,
      @Schema(required = true, minimum = "1") Long priceAmount,
      @Schema(required = true, minimum = "1", description = "at most priceAmount")
          Long depositAmount,
      @Schema(required = true, example = "usd", description = "ISO 4217") String currency) {

    public ItemRequest {
      description = Objects.requireNonNullElse(description, "");
      currency = Fields.currency("currency", currency);
    }
  }

  @Schema(
      description =
          "A customer's deposit. The return URLs default to the reservation's page and the item's;"
              + " only URLs back to Plinth or to the tenant's own redirect origins are accepted.")
  public record DepositRequest(
      @Schema(required = true, format = "email") String email,
      @Schema(required = true, maxLength = 200) String name,
      @Schema(minLength = 1, maxLength = 40) String phone,
      @Schema(minLength = 1, maxLength = 2000, format = "uri") String successUrl,
      @Schema(minLength = 1, maxLength = 2000, format = "uri") String cancelUrl) {}

  // The answers, written by JSON-B (a null field is left out); the entities fill in their views.

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

  @Schema(description = "An item's reservations by status, and the deposits taken for it.")
  public record ItemSummary(
      UUID itemId,
      ItemStatus status,
      @Schema(description = "reservation status to count") Map<String, Long> reservations,
      Money depositsTaken) {}

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

  @Inject ReservationService reservations;
  @Inject ItemAvailability availability;
  @Inject BillingService billing;
  @Inject TenantContext tenant;
  @Inject RateLimits rateLimits;
  @Inject ReservationsConfig config;

  @GET
  @Path("items")
  @Operation(summary = "The tenant's items; anyone may look")
  public ItemList listItems() {
    return new ItemList(reservations.items().stream().map(Item::view).toList());
  }

  @POST
  @Path("items")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Creates an item")
  @Created("the item")
  public ItemView createItem(ItemRequest body) {
    return reservations.create(body).view();
  }

  @GET
  @Path("items/{id}")
  @Operation(summary = "One item; anyone may look")
  public ItemView getItem(@PathParam("id") String id) {
    return reservations.item(Ids.parse(id, "item")).view();
  }

  @PUT
  @Path("items/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Replaces an item's details")
  public ItemView updateItem(@PathParam("id") String id, ItemRequest body) {
    return reservations.update(Ids.parse(id, "item"), body).view();
  }

  /**
   * A customer's deposit: the item is taken (one transaction), the Checkout Session created (no
   * transaction is open while Stripe answers) and recorded (another). If Stripe fails, the hold is
   * released and the error passes on. The return URLs are as {@link DepositRequest} says. An item
   * already taken is refused first, from a quick read ({@link ItemAvailability}).
   */
  @POST
  @Path("items/{id}/deposit")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "A customer holds the item by paying a deposit")
  @Created("the held item and where to pay")
  public DepositStarted deposit(@PathParam("id") String id, DepositRequest body) {
    UUID itemId = Ids.parse(id, "item");
    rateLimits.perClient("deposit", config.depositsPerClientPerMinute(), Duration.ofMinutes(1));
    // the losers of a race are refused from one quick read, before any transaction or Stripe call;
    // an item that reads available is still won or lost by the conditional update in hold
    Optional<ItemStatus> status = availability.status(itemId);
    if (status.isPresent() && status.get() != ItemStatus.available) {
      throw ReservationService.unavailable(status.get());
    }
    var started =
        billing.checkout(
            CheckoutIntent.of(
                () -> reservations.hold(itemId, body),
                held -> checkout(held, body),
                (held, session) -> reservations.attach(held.reservation().id(), session),
                held -> reservations.release(held.reservation().id())));
    CheckoutSession s = started.session();
    UUID reservationId = started.recorded().reservation().id();
    return new DepositStarted(reservationId, s.id(), s.url(), s.expiresAt());
  }

  private CheckoutRequest checkout(Held held, DepositRequest body) {
    Reservation r = held.reservation();
    String item = r.itemId().toString();
    return CheckoutRequest.payment(r.id().toString())
        .line(
            CheckoutLine.item(
                "Deposit: " + held.item().name(), r.deposit().amount(), r.deposit().currency()))
        .email(body.email())
        .metadata(Map.of("item_id", item))
        .successUrl(Objects.requireNonNullElse(body.successUrl(), tenant.successPageUrl()))
        .cancelUrl(Objects.requireNonNullElse(body.cancelUrl(), tenant.pageUrl("item?id=" + item)))
        .expiresIn(config.hold())
        .build();
  }

  @POST
  @Path("items/{id}/sell")
  @OwnerOnly
  @Operation(summary = "Marks the item sold")
  public ItemView sell(@PathParam("id") String id) {
    return reservations.sell(Ids.parse(id, "item")).view();
  }

  @GET
  @Path("items/{id}/summary")
  @OwnerOnly
  @Operation(summary = "The item's reservations by status, and the deposits taken")
  public ItemSummary summary(@PathParam("id") String id) {
    return reservations.summary(Ids.parse(id, "item"));
  }

  @GET
  @Path("reservations")
  @OwnerOnly
  @Operation(summary = "The tenant's reservations, optionally of one status")
  public ReservationList listReservations(@QueryParam("status") String status) {
    List<ReservationStatus> filter = Params.oneOrAll(ReservationStatus.class, status, "status");
    return new ReservationList(reservations.list(filter).stream().map(Reservation::view).toList());
  }

  /** The customer's view, found by the Checkout Session id Stripe sent them back with. */
  @GET
  @Path("portal")
  @Operation(summary = "The customer's reservation, by the Checkout Session id")
  public ReservationPortal portal(@QueryParam("session_id") String sessionId) {
    if (sessionId == null || sessionId.isBlank()) {
      throw ApiException.invalid("session_id", "session_id is required");
    }
    return reservations
        .portal(sessionId)
        .orElseThrow(() -> ApiException.notFound("no reservation for this session"));
  }
}
