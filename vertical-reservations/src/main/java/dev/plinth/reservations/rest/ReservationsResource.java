package dev.plinth.reservations.rest;

import dev.plinth.reservations.ReservationsConfig;
import dev.plinth.reservations.ReservationsModule;
import dev.plinth.reservations.application.ItemService;
import dev.plinth.reservations.application.ReservationService;
import dev.plinth.reservations.application.ReservationService.Held;
import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.reservations.domain.ReservationStatus;
import dev.plinth.reservations.rest.Requests.DepositRequest;
import dev.plinth.reservations.rest.Requests.ItemRequest;
import dev.plinth.reservations.rest.Responses.DepositStarted;
import dev.plinth.reservations.rest.Responses.ItemList;
import dev.plinth.reservations.rest.Responses.ItemSummary;
import dev.plinth.reservations.rest.Responses.ItemView;
import dev.plinth.reservations.rest.Responses.ReservationList;
import dev.plinth.reservations.rest.Responses.ReservationPortal;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.web.ApiException;
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
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The vertical's HTTP API, under {@code /api/t/{slug}/reservations}. Items are public to read; the
 * tenant (API key) creates, updates and sells them and sees reservations; customers (no key) pay
 * deposits and look at their reservation by its Checkout Session id.
 */
@Path(TenantArea.PATH + ReservationsModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reservations", description = "Deposits on scarce items")
public class ReservationsResource {

  @Inject ItemService items;

  @Inject ReservationService reservations;

  @Inject BillingService billing;

  @Inject TenantContext tenant;

  @Inject RateLimits rateLimits;

  @Inject ReservationsConfig config;

  @GET
  @Path("items")
  @Operation(summary = "The tenant's items; anyone may look")
  public ItemList listItems() {
    return new ItemList(items.all().stream().map(Item::view).toList());
  }

  @POST
  @Path("items")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Creates an item")
  @APIResponse(
      responseCode = "201",
      description = "the item",
      content = @Content(schema = @Schema(implementation = ItemView.class)))
  public Response createItem(ItemRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(items.create(body.details()).view())
        .build();
  }

  @GET
  @Path("items/{id}")
  @Operation(summary = "One item; anyone may look")
  public ItemView getItem(@PathParam("id") String id) {
    return items.get(Ids.parse(id, "item")).view();
  }

  @PUT
  @Path("items/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Replaces an item's details")
  public ItemView updateItem(@PathParam("id") String id, ItemRequest body) {
    return items.update(Ids.parse(id, "item"), body.details()).view();
  }

  /**
   * A customer's deposit: the item is taken (one transaction), the Checkout Session created (no
   * transaction is open while Stripe answers) and recorded (another). If Stripe fails, the hold is
   * released and the error passes on: nothing is left half-done.
   */
  @POST
  @Path("items/{id}/deposit")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "A customer holds the item by paying a deposit")
  @APIResponse(
      responseCode = "201",
      description = "the held item and where to pay",
      content = @Content(schema = @Schema(implementation = DepositStarted.class)))
  public Response deposit(@PathParam("id") String id, DepositRequest body) {
    UUID itemId = Ids.parse(id, "item");
    rateLimits.perClient("deposit", config.depositsPerClientPerMinute(), Duration.ofMinutes(1));
    var started =
        billing.checkout(
            CheckoutIntent.of(
                () -> reservations.hold(itemId, body.customer()),
                held -> checkout(held, body),
                (held, session) -> reservations.attach(held.reservation().id(), session),
                held -> reservations.release(held.reservation().id())));
    CheckoutSession s = started.session();
    UUID reservationId = started.recorded().reservation().id();
    return Response.status(Response.Status.CREATED)
        .entity(new DepositStarted(reservationId, s.id(), s.url(), s.expiresAt()))
        .build();
  }

  /**
   * The deposit's session. The return URLs default to the reservation's page and the item's; the
   * core accepts only URLs back to Plinth or to the tenant's own redirect origins.
   */
  private CheckoutRequest checkout(Held held, DepositRequest body) {
    Reservation r = held.reservation();
    String item = r.itemId().toString();
    return CheckoutRequest.payment(r.id().toString())
        .line(
            CheckoutLine.item(
                "Deposit: " + held.item().name(), r.deposit().amount(), r.deposit().currency()))
        .email(body.email())
        .metadata(Map.of("item_id", item))
        .successUrl(
            Objects.requireNonNullElse(
                body.successUrl(), tenant.pageUrl("success?session_id={CHECKOUT_SESSION_ID}")))
        .cancelUrl(Objects.requireNonNullElse(body.cancelUrl(), tenant.pageUrl("item?id=" + item)))
        .expiresIn(config.hold())
        .build();
  }

  @POST
  @Path("items/{id}/sell")
  @OwnerOnly
  @Operation(summary = "Marks the item sold")
  public ItemView sell(@PathParam("id") String id) {
    return items.sell(Ids.parse(id, "item")).view();
  }

  @GET
  @Path("items/{id}/summary")
  @OwnerOnly
  @Operation(summary = "The item's reservations by status, and the deposits taken")
  public ItemSummary summary(@PathParam("id") String id) {
    return items.summary(Ids.parse(id, "item"));
  }

  @GET
  @Path("reservations")
  @OwnerOnly
  @Operation(summary = "The tenant's reservations, optionally of one status")
  public ReservationList listReservations(@QueryParam("status") String status) {
    ReservationStatus filter = Params.oneOf(ReservationStatus.class, status, "status");
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
