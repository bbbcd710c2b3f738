package dev.plinth.reservations.rest;

import dev.plinth.reservations.ReservationsConfig;
import dev.plinth.reservations.application.DepositCheckout;
import dev.plinth.reservations.application.ItemService;
import dev.plinth.reservations.application.ReservationService;
import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.reservations.domain.ReservationStatus;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.JsonBody;
import dev.plinth.spi.web.Params;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import java.util.Set;
import java.util.UUID;

/**
 * The vertical's HTTP API, under {@code /api/t/{slug}/reservations}. Items are public to read; the
 * tenant (API key) creates, updates and sells them and sees reservations; customers (no key) pay
 * deposits and look at their reservation by its Checkout Session id.
 */
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReservationsResource {

  private static final Set<String> ITEM_FIELDS =
      Set.of("name", "description", "priceAmount", "depositAmount", "currency");

  @Inject TenantContext tenant;

  @Inject ItemService items;

  @Inject ReservationService reservations;

  @Inject DepositCheckout deposits;

  @Inject RateLimits rateLimits;

  @Inject ReservationsConfig config;

  @GET
  @Path("items")
  public JsonObject listItems() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    items.all().forEach(i -> out.add(json(i)));
    return Json.createObjectBuilder().add("items", out).build();
  }

  @POST
  @Path("items")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createItem(String body) {
    tenant.requireOwner();
    Item item = items.create(details(body));
    return Response.status(Response.Status.CREATED).entity(json(item)).build();
  }

  @GET
  @Path("items/{id}")
  public JsonObject getItem(@PathParam("id") String id) {
    return json(items.get(Ids.parse(id, "item")));
  }

  @PUT
  @Path("items/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject updateItem(@PathParam("id") String id, String body) {
    tenant.requireOwner();
    UUID itemId = Ids.parse(id, "item");
    return json(items.update(itemId, details(body)));
  }

  /**
   * A customer's deposit: {@code {"email","name","phone"?,"successUrl"?,"cancelUrl"?}}; 201 with
   * where to pay. The return URLs default to the portal and the item; the core accepts only URLs
   * back to Plinth or to the tenant's own redirect origins.
   */
  @POST
  @Path("items/{id}/deposit")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response deposit(@PathParam("id") String id, String body) {
    UUID itemId = Ids.parse(id, "item");
    JsonBody b =
        JsonBody.parse(body).allowOnly(Set.of("email", "name", "phone", "successUrl", "cancelUrl"));
    Reservation.Customer customer =
        new Reservation.Customer(
            b.email("email"), b.string("name", 200), b.optionalString("phone", 40).orElse(null));
    DepositCheckout.ReturnUrls back =
        new DepositCheckout.ReturnUrls(
            b.optionalString("successUrl", 2000).orElse(null),
            b.optionalString("cancelUrl", 2000).orElse(null));
    rateLimits.perClient("deposit", config.depositsPerClientPerMinute(), Duration.ofMinutes(1));
    DepositCheckout.Started started = deposits.start(itemId, customer, back);
    return Response.status(Response.Status.CREATED)
        .entity(
            Json.createObjectBuilder()
                .add("reservationId", started.reservationId().toString())
                .add("sessionId", started.sessionId())
                .add("url", started.url())
                .add("expiresAt", started.expiresAt().toString())
                .build())
        .build();
  }

  @POST
  @Path("items/{id}/sell")
  public JsonObject sell(@PathParam("id") String id) {
    tenant.requireOwner();
    return json(items.sell(Ids.parse(id, "item")));
  }

  @GET
  @Path("items/{id}/summary")
  public JsonObject summary(@PathParam("id") String id) {
    tenant.requireOwner();
    ItemService.Summary s = items.summary(Ids.parse(id, "item"));
    JsonObjectBuilder counts = Json.createObjectBuilder();
    s.counts().forEach((status, n) -> counts.add(status.name(), n));
    return Json.createObjectBuilder()
        .add("itemId", s.item().id().toString())
        .add("status", s.item().status().name())
        .add("reservations", counts)
        .add(
            "depositsTaken",
            Json.createObjectBuilder()
                .add("amount", s.depositsTaken())
                .add("currency", s.item().currency()))
        .build();
  }

  @GET
  @Path("reservations")
  public JsonObject listReservations(@QueryParam("status") String status) {
    tenant.requireOwner();
    ReservationStatus filter = Params.oneOf(ReservationStatus.class, status, "status");
    JsonArrayBuilder out = Json.createArrayBuilder();
    reservations.list(filter).forEach(r -> out.add(json(r)));
    return Json.createObjectBuilder().add("reservations", out).build();
  }

  /** The customer's view, found by the Checkout Session id Stripe sent them back with. */
  @GET
  @Path("portal")
  public JsonObject portal(@QueryParam("session_id") String sessionId) {
    if (sessionId == null || sessionId.isBlank()) {
      throw ApiException.invalid("session_id", "session_id is required");
    }
    Reservation r =
        reservations
            .bySession(sessionId)
            .orElseThrow(() -> ApiException.notFound("no reservation for this session"));
    Item item = items.itemOf(r);
    return Json.createObjectBuilder()
        .add(
            "reservation",
            Json.createObjectBuilder()
                .add("status", r.status().name())
                .add("expiresAt", r.expiresAt().toString())
                .add("depositAmount", r.depositAmount())
                .add("currency", r.currency())
                .add(
                    "item",
                    Json.createObjectBuilder()
                        .add("id", item.id().toString())
                        .add("name", item.name())))
        .build();
  }

  private static Item.ItemDetails details(String body) {
    JsonBody b = JsonBody.parse(body).allowOnly(ITEM_FIELDS);
    return new Item.ItemDetails(
        b.string("name", 200),
        b.optionalString("description", 5000).orElse(""),
        b.wholeNumber("priceAmount"),
        b.wholeNumber("depositAmount"),
        b.currency("currency"));
  }

  static JsonObject json(Item i) {
    return Json.createObjectBuilder()
        .add("id", i.id().toString())
        .add("name", i.name())
        .add("description", i.description())
        .add("priceAmount", i.priceAmount())
        .add("depositAmount", i.depositAmount())
        .add("currency", i.currency())
        .add("status", i.status().name())
        .add("createdAt", i.createdAt().toString())
        .add("updatedAt", i.updatedAt().toString())
        .build();
  }

  static JsonObject json(Reservation r) {
    JsonObjectBuilder customer =
        Json.createObjectBuilder().add("email", r.customerEmail()).add("name", r.customerName());
    if (r.customerPhone() != null) {
      customer.add("phone", r.customerPhone());
    }
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", r.id().toString())
            .add("itemId", r.itemId().toString())
            .add("status", r.status().name())
            .add("customer", customer)
            .add("depositAmount", r.depositAmount())
            .add("currency", r.currency())
            .add("expiresAt", r.expiresAt().toString())
            .add("createdAt", r.createdAt().toString())
            .add("updatedAt", r.updatedAt().toString());
    if (r.checkoutSessionId() != null) {
      b.add("checkoutSessionId", r.checkoutSessionId());
    }
    if (r.externalPaymentId() != null) {
      b.add("paymentIntentId", r.externalPaymentId());
    }
    return b.build();
  }
}
