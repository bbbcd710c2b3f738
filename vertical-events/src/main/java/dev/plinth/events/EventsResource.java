package dev.plinth.events;

import dev.plinth.spi.RateLimits;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.ConnectedCharge.ChargeType;
import dev.plinth.spi.billing.PaymentStatus;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Created;
import dev.plinth.spi.web.Fields;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.OwnerOnly;
import dev.plinth.spi.web.PageParams;
import dev.plinth.spi.web.Params;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.BeanParam;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * {@code /api/t/{slug}/events}: the tenant's events for its key; an event's pay page, checkout and
 * gallery for its client, who holds the event's link (and, for the gallery, its checkout session or
 * the emailed gallery link).
 */
@Path(TenantArea.PATH + EventsModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

  @Inject TenantContext tenant;

  @Inject BillingService billing;

  @Inject RateLimits rateLimits;

  @Inject Events events;

  @Inject EventsModule.Config config;

  @Schema(description = "An event: what it is, what it costs, where the money goes, who pays")
  public record EventBody(
      @Schema(required = true, maxLength = 200) String title,
      @Schema(required = true, description = "ISO-8601, such as 2026-12-24T18:00:00Z")
          Instant startsAt,
      @Schema(required = true, maxLength = 200) String venue,
      @Schema(
              required = true,
              minimum = "50",
              maximum = "100000000",
              description = "in the currency's minor units")
          Long priceAmount,
      @Schema(required = true, maxLength = 3, description = "ISO 4217, such as usd")
          String currency,
      @Schema(
              minLength = 1,
              maxLength = 80,
              description = "one of the tenant's connected accounts; none: the tenant's own")
          String connectedAccountId,
      @Schema(
              enumeration = {"direct", "destination"},
              description = "how the connected account is paid; none: the tenant's default")
          String chargeType,
      @Schema(
              minimum = "0",
              maximum = "100000000",
              description = "what the tenant keeps of a connected account's payment")
          Long applicationFeeAmount,
      @Schema(required = true, format = "email", maxLength = 254) String clientEmail,
      @Schema(minLength = 1, maxLength = 2000, description = "an http(s) URL") String galleryUrl,
      @Schema(minLength = 1, maxLength = 4000) String notes) {

    public EventBody {
      currency = currency == null ? null : Fields.currency("currency", currency);
      if (connectedAccountId != null) {
        Fields.matching(
            "connectedAccountId",
            connectedAccountId,
            80,
            "acct_[A-Za-z0-9]{1,64}",
            "a Stripe account id (acct_...)");
      }
      if (chargeType != null) {
        Params.oneOf(ChargeType.class, chargeType, "chargeType");
      }
      if (galleryUrl != null) {
        Fields.matching("galleryUrl", galleryUrl, 2000, "https?://\\S+", "an http(s) URL");
      }
      if (applicationFeeAmount != null && connectedAccountId == null) {
        throw ApiException.invalid(
            "applicationFeeAmount", "an application fee needs a connectedAccountId");
      }
      if (applicationFeeAmount != null
          && priceAmount != null
          && applicationFeeAmount > priceAmount) {
        throw ApiException.invalid(
            "applicationFeeAmount", "the application fee cannot exceed the price");
      }
    }
  }

  @Schema(description = "An event and its payment, as the tenant sees it")
  @JsonbNillable
  public record EventView(
      UUID id,
      String title,
      Instant startsAt,
      String venue,
      long priceAmount,
      String currency,
      String connectedAccountId,
      ChargeType chargeType,
      Long applicationFeeAmount,
      String clientEmail,
      PaymentStatus paymentStatus,
      PaymentStatus statusBeforeDispute,
      Instant lastWebhookReceivedAt,
      String checkoutSessionId,
      String paymentIntentId,
      long refundedAmount,
      String galleryUrl,
      String notes,
      Instant cancelledAt,
      Instant paidAt,
      Instant createdAt,
      Instant updatedAt) {}

  @Schema(description = "A page of events, newest first; nextBefore asks for the next one")
  @JsonbNillable
  public record EventList(List<EventView> events, String nextBefore) {}

  @Schema(description = "The pay page's link, as emailed to the client")
  public record PaymentLink(String url, String sentTo) {}

  @Schema(description = "What the pay page shows: the event, and whether it can be paid")
  public record PayView(
      UUID id,
      String title,
      Instant startsAt,
      String venue,
      long priceAmount,
      String currency,
      @Schema(enumeration = {"payable", "paid", "cancelled", "closed"}) String state,
      PaymentStatus paymentStatus) {}

  @Schema(description = "A checkout to pay the event in: send the client to url")
  public record CheckoutStarted(String sessionId, String url) {}

  @Schema(description = "The paid client's gallery")
  @JsonbNillable
  public record Gallery(
      UUID id, String title, Instant startsAt, String venue, String galleryUrl, String notes) {}

  @Schema(description = "The payment is not confirmed yet")
  public record Waiting(PaymentStatus paymentStatus) {}

  @Schema(description = "A Stripe delivery that touched the event, newest first")
  @JsonbNillable
  public record DeliveryView(
      String stripeEventId,
      String type,
      Instant stripeCreated,
      Instant receivedAt,
      String statusAfter,
      boolean applied,
      String failure) {}

  public record Deliveries(List<DeliveryView> deliveries) {}

  @Schema(description = "A payment that failed, and why")
  public record FailedPayment(
      UUID eventId, String stripeEventId, String type, String message, Instant failedAt) {}

  public record FailedPayments(List<FailedPayment> payments) {}

  @Schema(description = "The tenant's settings")
  public record SettingsView(
      @Schema(
              required = true,
              enumeration = {"direct", "destination"})
          String defaultChargeType) {

    public SettingsView {
      Params.oneOf(ChargeType.class, defaultChargeType, "defaultChargeType");
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Creates an event, pending payment")
  @Created("the event, pending payment")
  public EventView create(EventBody body) {
    return events.create(body).view();
  }

  @GET
  @OwnerOnly
  @Operation(summary = "The events, newest first, of one payment status or all")
  public EventList list(
      @QueryParam("paymentStatus") String paymentStatus, @BeanParam PageParams page) {
    int limit = page.limit(50, 200);
    return events.page(paymentStatus, page.before(), limit);
  }

  @GET
  @Path("{id}")
  @OwnerOnly
  @Operation(summary = "One event and its payment")
  public EventView get(@PathParam("id") String id) {
    return events.require(id(id)).view();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Changes an event; its price and account only until it is paid (409)")
  public EventView update(@PathParam("id") String id, EventBody body) {
    return events.update(id(id), body).view();
  }

  @POST
  @Path("{id}/payment-link")
  @OwnerOnly
  @Operation(summary = "Emails the client the pay page's link, and answers it")
  public PaymentLink paymentLink(@PathParam("id") String id) {
    return events.paymentLink(id(id));
  }

  @POST
  @Path("{id}/cancel")
  @OwnerOnly
  @Operation(summary = "Cancels an event; a paid one is refunded in full through Stripe")
  public EventView cancel(@PathParam("id") String id) {
    UUID eventId = id(id);
    Event e = events.cancel(eventId);
    if (e.kept() && e.paymentIntentId() != null) {
      billing.refund(e.paymentIntentId(), null, "events-cancel:" + eventId);
      return events.refundedInFull(eventId).view();
    }
    if (e.sessionId() != null && e.unpaid()) {
      // nothing may be paid for a cancelled event; a payment already on its way is refunded
      billing.expireCheckoutIfOpen(e.sessionId());
    }
    return e.view();
  }

  @GET
  @Path("{id}/pay")
  @Operation(summary = "The event as its pay page shows it")
  public PayView pay(@PathParam("id") String id) {
    return events.require(id(id)).payView();
  }

  @POST
  @Path("{id}/checkout")
  @Operation(summary = "Starts the client's checkout, on the event's account")
  @Created("the checkout to pay in; 409 event_not_payable if paid or cancelled")
  public CheckoutStarted checkout(@PathParam("id") String id) {
    rateLimits.perClient(
        EventsModule.ID + ".checkout", config.checkoutsPerClientPerMinute(), Duration.ofMinutes(1));
    UUID eventId = id(id);
    var started =
        billing.checkout(
            CheckoutIntent.of(
                () -> events.payable(eventId),
                e ->
                    CheckoutRequest.payment(eventId.toString())
                        .line(CheckoutLine.item(e.title(), e.amount(), e.currency()))
                        .email(e.clientEmail())
                        .successUrl(
                            tenant.pageUrl(
                                "success?event=" + eventId + "&session_id={CHECKOUT_SESSION_ID}"))
                        .cancelUrl(tenant.pageUrl("pay?event=" + eventId))
                        .onAccount(e.charge())
                        .build(),
                (e, session) -> events.attach(eventId, session.id()),
                e -> {}));
    String previous = started.recorded().sessionId();
    if (previous != null && !previous.equals(started.session().id())) {
      billing.expireCheckoutIfOpen(previous);
    }
    return new CheckoutStarted(started.session().id(), started.session().url());
  }

  @GET
  @Path("{id}/gallery")
  @Operation(
      summary =
          "The gallery for its paid client (by checkout session or emailed link): 200 once paid,"
              + " 202 while the payment is pending, 404 otherwise")
  @APIResponseSchema(
      value = Gallery.class,
      responseCode = "200",
      responseDescription = "the gallery; 202 with the payment status while it is pending")
  public Response gallery(
      @PathParam("id") String id,
      @QueryParam("session_id") String sessionId,
      @QueryParam("token") String token) {
    Event e = events.forClient(id(id), sessionId, token);
    if (e.kept()) {
      return Response.ok(e.gallery()).build();
    }
    if (e.status() == PaymentStatus.pending && !e.cancelled()) {
      return Response.accepted(new Waiting(e.status())).build();
    }
    throw ApiException.notFound("no gallery: the event is " + e.status().label());
  }

  @GET
  @Path("{id}/webhooks")
  @OwnerOnly
  @Operation(summary = "The Stripe deliveries that touched the event, newest first")
  public Deliveries webhooks(@PathParam("id") String id) {
    return new Deliveries(events.deliveries(id(id)).stream().map(Delivery::view).toList());
  }

  @GET
  @Path("admin/failed-payments")
  @OwnerOnly
  @Operation(summary = "Failed payments of events, newest first")
  public FailedPayments failedPayments() {
    return new FailedPayments(events.failures(100).stream().map(Delivery::failedPayment).toList());
  }

  @GET
  @Path("settings")
  @OwnerOnly
  @Operation(summary = "The tenant's settings")
  public SettingsView settings() {
    return new SettingsView(events.defaultChargeType().name());
  }

  @PUT
  @Path("settings")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Sets the charge type of events that name none")
  public SettingsView changeSettings(SettingsView body) {
    events.defaultChargeType(ChargeType.valueOf(body.defaultChargeType()));
    return settings();
  }

  private static UUID id(String id) {
    return Ids.parse(id, "event");
  }
}
