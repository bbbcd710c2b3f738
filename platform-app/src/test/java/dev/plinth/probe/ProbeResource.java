package dev.plinth.probe;

import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.ConnectedCharge;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Fields;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.OwnerOnly;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The probe's endpoints, served under /api/t/{slug}/probe. */
@Path(TenantArea.PATH + ProbeVertical.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

  @Inject TenantContext tenant;

  @Inject ProbePayments payments;

  @Inject ProbeService notes;

  @Inject ProbePeek peeks;

  @Inject ProbeVertical vertical;

  @Inject BillingService billing;

  /** What a customer buys: an amount in cents, or a Stripe price for a subscription. */
  public record CheckoutBody(
      String reference,
      Long amount,
      String email,
      String mode,
      String priceId,
      String customerId,
      String connectedAccountId,
      String chargeType,
      Long applicationFeeAmount) {
    public CheckoutBody {
      reference = Fields.text("reference", reference, 200);
      if (priceId == null) {
        Fields.required("amount", amount);
      }
    }
  }

  public record Started(String sessionId, String url, Instant expiresAt) {}

  public record Hello(String tenant, String actor) {}

  public record Count(long count) {}

  public record NotifyBody(String to) {
    public NotifyBody {
      to = Fields.text("to", to, 254);
    }
  }

  public record Queued(UUID id) {}

  public record NoteBody(String body) {
    public NoteBody {
      Fields.required("body", body);
    }
  }

  public record Note(UUID id, String body) {
    static Note of(ProbeNote n) {
      return new Note(n.id(), n.body());
    }
  }

  public record Notes(List<Note> notes, long visibleRows) {}

  /** A customer buys something through the SPI's billing service; 201 with the session. */
  @POST
  @Path("checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "201",
      description = "the session",
      content = @Content(schema = @Schema(implementation = Started.class)))
  public Response checkout(CheckoutBody body) {
    boolean subscription = "subscription".equals(body.mode());
    CheckoutLine line =
        body.priceId() != null
            ? CheckoutLine.price(body.priceId(), 1)
            : CheckoutLine.item("Probe item", body.amount(), "usd");
    CheckoutSession s =
        billing.createCheckout(
            (subscription
                    ? CheckoutRequest.subscription(body.reference())
                    : CheckoutRequest.payment(body.reference()))
                .line(line)
                .email(body.email())
                .customer(body.customerId())
                .metadata(Map.of("probe", "yes"))
                .onAccount(
                    body.connectedAccountId() == null
                        ? null
                        : new ConnectedCharge(
                            body.connectedAccountId(),
                            ConnectedCharge.ChargeType.valueOf(
                                Fields.required("chargeType", body.chargeType())),
                            body.applicationFeeAmount()))
                .successUrl(tenant.publicUrl() + "/probe/success?session_id={CHECKOUT_SESSION_ID}")
                .cancelUrl(tenant.publicUrl() + "/probe/cancel")
                .expiresIn(Duration.ofHours(1))
                .build());
    return Response.status(201).entity(new Started(s.id(), s.url(), s.expiresAt())).build();
  }

  public record RefundBody(String paymentIntentId, Long amount, String reference) {}

  public record Refunded(String refundId, boolean refunded) {}

  /** Refunds a payment through the SPI's billing service, as a vertical does. */
  @POST
  @Path("refunds")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  public Refunded refund(RefundBody body) {
    String id =
        billing.refund(
            Fields.required("paymentIntentId", body.paymentIntentId()),
            body.amount(),
            Fields.required("reference", body.reference()));
    return new Refunded(id, billing.isRefunded(body.paymentIntentId()));
  }

  @POST
  @Path("checkout/{id}/expire")
  @OwnerOnly
  @APIResponse(responseCode = "204", description = "expired")
  public Response expire(@PathParam("id") String id) {
    billing.expireCheckout(id);
    return Response.noContent().build();
  }

  /** How much the probe's object handler overlapped, for this tenant. */
  @GET
  @Path("overlaps")
  @OwnerOnly
  public ObjectOverlap.Seen overlaps() {
    return ObjectOverlap.seen(tenant.slug());
  }

  /** A customer-facing endpoint: no key needed. */
  @GET
  @Path("hello")
  public Hello hello() {
    return new Hello(tenant.slug(), tenant.actor().name());
  }

  /**
   * Uses the vertical's EntityManager outside any tenant transaction: EclipseLink must refuse, and
   * the client must see a clean 500 with an error id.
   */
  @GET
  @Path("unscoped")
  public Count unscoped() {
    return new Count(vertical.unscopedCount());
  }

  /** Queues a notification; 201 with its id. */
  @POST
  @Path("notify")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @APIResponse(
      responseCode = "201",
      description = "the queued notification",
      content = @Content(schema = @Schema(implementation = Queued.class)))
  public Response notify(NotifyBody body) {
    return Response.status(201).entity(new Queued(notes.notify(body.to()))).build();
  }

  @GET
  @Path("notes")
  @OwnerOnly
  public Notes list() {
    return new Notes(notes.list().stream().map(Note::of).toList(), notes.countAllRowsNatively());
  }

  @POST
  @Path("notes")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @APIResponse(
      responseCode = "201",
      description = "the note",
      content = @Content(schema = @Schema(implementation = Note.class)))
  public Response create(NoteBody body) {
    return Response.status(201).entity(Note.of(notes.create(body.body()))).build();
  }

  @GET
  @Path("notes/{id}")
  @OwnerOnly
  public Note get(@PathParam("id") String id) {
    return Note.of(notes.find(Ids.parse(id, "note")));
  }

  /** The note as a quick read outside any transaction sees it. */
  @GET
  @Path("notes/{id}/peek")
  @OwnerOnly
  public ProbePeek.Peeked peek(@PathParam("id") String id) {
    return peeks.note(Ids.parse(id, "note"));
  }

  @PUT
  @Path("notes/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  public Note update(@PathParam("id") String id, NoteBody body) {
    return Note.of(notes.update(Ids.parse(id, "note"), body.body()));
  }

  public record WhoAmI(String tenant, String actor, String userRef, String email) {}

  /** Who the SPI says is calling: the actor and, for an end user, the user the host bound. */
  @GET
  @Path("whoami")
  public WhoAmI whoami() {
    var user = tenant.user();
    return new WhoAmI(
        tenant.slug(),
        tenant.actor().name(),
        user.map(u -> u.userRef()).orElse(null),
        user.map(u -> u.email()).orElse(null));
  }

  public record Profile(String userRef) {}

  /** An endpoint about one end user, for that user's session or the tenant. */
  @GET
  @Path("users/{userRef}/profile")
  public Profile profile(@PathParam("userRef") String userRef) {
    return new Profile(tenant.requireUserOrOwner(userRef));
  }

  public record Received(JsonArray events) {}

  /** The typed payment events the probe's listener received. */
  @GET
  @Path("payments")
  @OwnerOnly
  public Received payments() {
    return new Received(payments.received());
  }

  @GET
  @Path("subscriptions/{id}")
  @OwnerOnly
  public Subscription subscription(@PathParam("id") String id) {
    return billing.subscription(id);
  }

  public record Change(Boolean atPeriodEnd, String priceId) {}

  /**
   * Changes a subscription: {@code cancel} ({@code {"atPeriodEnd": true|false}}), {@code resume}
   * ({@code {}}) or {@code price} ({@code {"priceId"}}).
   */
  @POST
  @Path("subscriptions/{id}/{change}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  public Subscription change(
      @PathParam("id") String id, @PathParam("change") String change, Change body) {
    return switch (change) {
      case "cancel" ->
          billing.cancelSubscription(
              id, Boolean.TRUE.equals(Fields.required("atPeriodEnd", body.atPeriodEnd())));
      case "resume" -> billing.resumeSubscription(id);
      case "price" -> billing.changePrice(id, Fields.required("priceId", body.priceId()));
      default -> throw ApiException.notFound("no change " + change);
    };
  }

  public record NewPrice(
      String lookupKey, String productName, Long amount, String currency, String interval) {}

  public record PriceId(String priceId) {}

  @POST
  @Path("prices")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  public PriceId price(NewPrice body) {
    return new PriceId(
        billing.createRecurringPrice(
            body.lookupKey(),
            body.productName(),
            new Money(body.amount(), body.currency()),
            body.interval()));
  }

  public record PortalRequest(String customerId, String returnUrl) {}

  public record PortalUrl(String url) {}

  @POST
  @Path("portal")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  public PortalUrl portal(PortalRequest body) {
    return new PortalUrl(billing.billingPortalUrl(body.customerId(), body.returnUrl()));
  }
}
