package dev.plinth.probe;

import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The probe's endpoints, served under /api/t/{slug}/probe. */
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

  @Inject TenantContext tenant;

  @Inject ProbeService notes;

  @Inject ProbeVertical vertical;

  @Inject BillingService billing;

  @Inject ProbePayments payments;

  /**
   * A customer buys something through the SPI's billing service: {@code {"reference", "amount",
   * "email"?, "mode"?, "priceId"?}}. Answers 201 with the session.
   */
  @POST
  @Path("checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response checkout(JsonObject body) {
    boolean subscription = "subscription".equals(body.getString("mode", "payment"));
    CheckoutLine line =
        body.containsKey("priceId")
            ? CheckoutLine.price(body.getString("priceId"), 1)
            : CheckoutLine.item("Probe item", body.getJsonNumber("amount").longValue(), "usd");
    CheckoutSession s =
        billing.createCheckout(
            (subscription
                    ? CheckoutRequest.subscription(body.getString("reference"))
                    : CheckoutRequest.payment(body.getString("reference")))
                .line(line)
                .email(body.getString("email", null))
                .customer(body.getString("customerId", null))
                .metadata(Map.of("probe", "yes"))
                .successUrl(tenant.publicUrl() + "/probe/success?session_id={CHECKOUT_SESSION_ID}")
                .cancelUrl(tenant.publicUrl() + "/probe/cancel")
                .expiresIn(Duration.ofHours(1))
                .build());
    return Response.status(201)
        .entity(
            Json.createObjectBuilder()
                .add("sessionId", s.id())
                .add("url", s.url())
                .add("expiresAt", s.expiresAt().toString())
                .build())
        .build();
  }

  @POST
  @Path("checkout/{id}/expire")
  public Response expire(@PathParam("id") String id) {
    tenant.requireOwner();
    billing.expireCheckout(id);
    return Response.noContent().build();
  }

  /** The typed payment events the probe's listener received. */
  @GET
  @Path("payments")
  public JsonObject payments() {
    tenant.requireOwner();
    return Json.createObjectBuilder().add("events", payments.received()).build();
  }

  @GET
  @Path("subscriptions/{id}")
  public JsonObject subscription(@PathParam("id") String id) {
    tenant.requireOwner();
    return json(billing.subscription(id));
  }

  /**
   * Changes a subscription: {@code cancel} ({@code {"atPeriodEnd": true|false}}), {@code resume}
   * ({@code {}}) or {@code price} ({@code {"priceId"}}).
   */
  @POST
  @Path("subscriptions/{id}/{change}")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject change(
      @PathParam("id") String id, @PathParam("change") String change, JsonObject body) {
    tenant.requireOwner();
    return json(
        switch (change) {
          case "cancel" -> billing.cancelSubscription(id, body.getBoolean("atPeriodEnd"));
          case "resume" -> billing.resumeSubscription(id);
          case "price" -> billing.changePrice(id, body.getString("priceId"));
          default -> throw ApiException.notFound("no change " + change);
        });
  }

  /**
   * {@code {"lookupKey","productName","amount","currency","interval"}}; answers {@code
   * {"priceId"}}.
   */
  @POST
  @Path("prices")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject price(JsonObject body) {
    tenant.requireOwner();
    String id =
        billing.createRecurringPrice(
            body.getString("lookupKey"),
            body.getString("productName"),
            new Money(body.getJsonNumber("amount").longValue(), body.getString("currency")),
            body.getString("interval"));
    return Json.createObjectBuilder().add("priceId", id).build();
  }

  /** {@code {"customerId","returnUrl"}}; answers {@code {"url"}}. */
  @POST
  @Path("portal")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject portal(JsonObject body) {
    tenant.requireOwner();
    return Json.createObjectBuilder()
        .add(
            "url",
            billing.billingPortalUrl(
                body.getString("customerId", null), body.getString("returnUrl", null)))
        .build();
  }

  private static JsonObject json(Subscription s) {
    return ProbePayments.json(s).asJsonObject();
  }

  /** A customer-facing endpoint: no key needed. */
  @GET
  @Path("hello")
  public JsonObject hello() {
    return Json.createObjectBuilder()
        .add("tenant", tenant.slug())
        .add("actor", tenant.actor().name())
        .build();
  }

  /**
   * Uses the vertical's EntityManager outside any tenant transaction: EclipseLink must refuse, and
   * the client must see a clean 500 with an error id.
   */
  @GET
  @Path("unscoped")
  public JsonObject unscoped() {
    return Json.createObjectBuilder().add("count", vertical.unscopedCount()).build();
  }

  /** Queues a notification: {@code {"to"}}; answers 201 with its id. */
  @POST
  @Path("notify")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response notify(JsonObject body) {
    tenant.requireOwner();
    return Response.status(201)
        .entity(
            Json.createObjectBuilder()
                .add("id", notes.notify(body.getString("to")).toString())
                .build())
        .build();
  }

  @GET
  @Path("notes")
  public JsonObject list() {
    tenant.requireOwner();
    JsonArrayBuilder items = Json.createArrayBuilder();
    notes.list().forEach(n -> items.add(json(n)));
    return Json.createObjectBuilder()
        .add("notes", items)
        .add("visibleRows", notes.countAllRowsNatively())
        .build();
  }

  @POST
  @Path("notes")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonObject body) {
    tenant.requireOwner();
    return Response.status(201).entity(json(notes.create(body(body)))).build();
  }

  @GET
  @Path("notes/{id}")
  public JsonObject get(@PathParam("id") String id) {
    tenant.requireOwner();
    return json(notes.find(uuid(id)));
  }

  @PUT
  @Path("notes/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject update(@PathParam("id") String id, JsonObject body) {
    tenant.requireOwner();
    return json(notes.update(uuid(id), body(body)));
  }

  /** Who the SPI says is calling: the actor and, for an end user, the user the host bound. */
  @GET
  @Path("whoami")
  public JsonObject whoami() {
    jakarta.json.JsonObjectBuilder json =
        Json.createObjectBuilder().add("tenant", tenant.slug()).add("actor", tenant.actor().name());
    tenant.user().ifPresent(u -> json.add("userRef", u.userRef()).add("email", u.email()));
    return json.build();
  }

  /** An endpoint about one end user, for that user's session or the tenant. */
  @GET
  @Path("users/{userRef}/profile")
  public JsonObject profile(@PathParam("userRef") String userRef) {
    return Json.createObjectBuilder().add("userRef", tenant.requireUserOrOwner(userRef)).build();
  }

  private static String body(JsonObject body) {
    if (!body.containsKey("body")
        || body.get("body").getValueType() != jakarta.json.JsonValue.ValueType.STRING) {
      throw ApiException.invalid("body", "body must be a string");
    }
    return body.getString("body");
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("no note " + id);
    }
  }

  private static JsonObject json(ProbeNote n) {
    return Json.createObjectBuilder().add("id", n.id().toString()).add("body", n.body()).build();
  }
}
