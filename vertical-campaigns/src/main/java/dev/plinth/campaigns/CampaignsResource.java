package dev.plinth.campaigns;

import dev.plinth.spi.RateLimits;
import dev.plinth.spi.SignInLinks;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutSession;
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
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The vertical's HTTP API, under {@code /api/t/{slug}/campaigns}, and its bodies. Packages are
 * public to read and the tenant's to change; contractors check out and read their portal without a
 * key; the tenant lists, pauses, resumes and cancels campaigns and records their appointments.
 */
@Path(TenantArea.PATH + CampaignsModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns", description = "Marketing campaigns, their storefront and portal")
public class CampaignsResource {

  /** The portal session's cookie: the {@link SignInLinks.SignIn#cookie()} of the portal. */
  static final String COOKIE = "plinth_campaigns_portal";

  @Inject TenantContext tenant;
  @Inject CampaignService campaigns;
  @Inject BillingService billing;
  @Inject RateLimits rateLimits;
  @Inject SignInLinks signIns;
  @Inject CampaignsConfig config;

  // The bodies the API reads: the host enforces each field's @Schema, in field order (see
  // Fields); a compact constructor checks what a schema cannot say.

  static final String CODE = "[a-z0-9][a-z0-9-]{0,39}";

  @Schema(
      description =
          "A package, as the tenant makes it and as anyone sees it; the price in minor units. A new"
              + " one's fields are checked as a PackageChange's, after its code.",
      requiredProperties = {"code", "name", "priceAmount", "currency"})
  public record PackageBody(
      @Schema(maxLength = 40, pattern = CODE) String code,
      String name,
      Long priceAmount,
      String currency,
      Long launchDelayHours,
      @Schema(description = "open-ended when left out") Long runDays) {

    /** A new package's details, checked as a {@link PackageChange} body is, after its code. */
    PackageChange details() {
      Fields.matching("code", code, 40, CODE, "is lowercase letters, digits and dashes");
      return Fields.conforming(
          new PackageChange(name, priceAmount, currency, launchDelayHours, runDays));
    }
  }

  @Schema(description = "A package's new details; its code stays.")
  public record PackageChange(
      @Schema(required = true, maxLength = 200) String name,
      @Schema(required = true, minimum = "1") Long priceAmount,
      @Schema(required = true, example = "usd", description = "ISO 4217") String currency,
      @Schema(minimum = "0", maximum = "8760", defaultValue = "72") Long launchDelayHours,
      @Schema(minimum = "1", maximum = "3650", description = "open-ended when left out")
          Long runDays) {

    public PackageChange {
      currency = Fields.currency("currency", currency);
      launchDelayHours = Objects.requireNonNullElse(launchDelayHours, 72L);
    }
  }

  @Schema(
      description =
          "A contractor buys a package. Only return URLs back to Plinth or to the tenant's own"
              + " redirect origins are accepted.")
  public record CheckoutRequest(
      @Schema(required = true, maxLength = 40) String packageCode,
      @Schema(required = true, maxLength = 200) String businessName,
      @Schema(required = true, format = "email") String email,
      @Schema(required = true, maxLength = 100) String city,
      @Schema(required = true, pattern = "[A-Za-z]{2}", example = "TX") String state,
      @Schema(minLength = 1, maxLength = 2000, format = "uri") String successUrl,
      @Schema(minLength = 1, maxLength = 2000, format = "uri") String cancelUrl) {

    public CheckoutRequest {
      state =
          Fields.matching("state", state, 100, "[A-Za-z]{2}", "is a two-letter code, such as TX")
              .toUpperCase(Locale.ROOT);
    }
  }

  @Schema(description = "An appointment booked through a campaign.")
  public record AppointmentRequest(
      @Schema(required = true, maxLength = 200) String customerName,
      @Schema(required = true, example = "2026-12-01T15:00:00Z") Instant at,
      @Schema(minLength = 1, maxLength = 2000) String notes) {

    public AppointmentRequest {
      notes = Objects.requireNonNullElse(notes, "");
    }
  }

  // The answers, written by JSON-B (a null field is left out); the entities fill in their views.

  public record PackageList(List<PackageBody> packages) {}

  @Schema(description = "Where the contractor pays.")
  public record CheckoutStarted(String sessionId, String url) {}

  @Schema(description = "A campaign, as the tenant sees it.")
  public record CampaignView(
      UUID id,
      UUID customerId,
      String packageCode,
      String name,
      CampaignStatus status,
      String checkoutSessionId,
      Instant launchAt,
      Instant createdAt,
      @Schema(description = "left out when open-ended") Instant endsAt) {}

  public record CampaignList(List<CampaignView> campaigns) {}

  public record AppointmentView(
      UUID id, UUID campaignId, String customerName, Instant at, String notes) {}

  public record AppointmentList(List<AppointmentView> appointments) {}

  public record PortalCustomer(
      String businessName,
      String city,
      String state,
      @Schema(description = "only in the whole portal") String email) {}

  public record PortalCampaign(
      UUID id, String name, CampaignStatus status, Instant launchAt, long hoursUntilLaunch) {}

  public record PortalStats(long campaigns, long active, long appointments) {}

  @Schema(
      description =
          "The contractor's portal: what one Checkout Session bought (scope session), or the"
              + " customer's whole portal (scope customer).")
  public record PortalView(
      @Schema(enumeration = {"session", "customer"}) String scope,
      PortalCustomer customer,
      List<PortalCampaign> campaigns,
      PortalStats stats) {}

  @Schema(description = "The session's payment is still being processed.")
  public record Processing(@Schema(enumeration = "processing") String status) {}

  @GET
  @Path("packages")
  @Operation(summary = "The packages on sale; anyone may look")
  public PackageList listPackages() {
    return new PackageList(campaigns.packages().stream().map(CampaignPackage::view).toList());
  }

  @POST
  @Path("packages")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Creates a package")
  @Created("the package")
  public PackageBody createPackage(PackageBody body) {
    return campaigns.createPackage(body.code(), body.details()).view();
  }

  @PUT
  @Path("packages/{code}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Replaces a package's details")
  public PackageBody updatePackage(@PathParam("code") String code, PackageChange body) {
    return campaigns.updatePackage(code, body).view();
  }

  /**
   * A contractor buys a package: the purchase is recorded, then the session created (with no
   * transaction open) and tied to it; if Stripe fails, the purchase goes and the 502 passes on.
   */
  @POST
  @Path("checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "A contractor buys a package")
  @Created("the checkout session to pay in")
  public CheckoutStarted checkout(CheckoutRequest body) {
    rateLimits.perClient("checkout", config.checkoutsPerClientPerMinute(), Duration.ofMinutes(1));
    CheckoutSession s =
        billing
            .checkout(
                CheckoutIntent.of(
                    () -> campaigns.startPurchase(body),
                    started -> session(started, body),
                    campaigns::attachPurchase,
                    campaigns::dropPurchase))
            .session();
    return new CheckoutStarted(s.id(), s.url());
  }

  /** The session to ask for; the core accepts only URLs back to Plinth or the tenant's origins. */
  private dev.plinth.spi.billing.CheckoutRequest session(
      CampaignService.Started started, CheckoutRequest body) {
    PackageChange terms = started.pkg().details();
    return dev.plinth.spi.billing.CheckoutRequest.payment(started.purchaseId().toString())
        .line(CheckoutLine.item(terms.name(), terms.priceAmount(), terms.currency()))
        .email(body.email())
        .metadata(Map.of("package", started.pkg().code()))
        .successUrl(Objects.requireNonNullElse(body.successUrl(), tenant.successPageUrl()))
        .cancelUrl(Objects.requireNonNullElse(body.cancelUrl(), tenant.pageUrl("")))
        .expiresIn(config.checkout())
        .build();
  }

  @GET
  @OwnerOnly
  @Operation(summary = "The tenant's campaigns, optionally of one status")
  public CampaignList list(@QueryParam("status") String status) {
    List<CampaignStatus> filter = Params.oneOrAll(CampaignStatus.class, status, "status");
    return new CampaignList(campaigns.list(filter).stream().map(Campaign::view).toList());
  }

  @POST
  @Path("{id}/{action: pause|resume|cancel}")
  @OwnerOnly
  @Operation(summary = "Pauses, resumes or cancels a campaign")
  public CampaignView act(@PathParam("id") String id, @PathParam("action") String action) {
    return campaigns.act(Ids.parse(id, "campaign"), action).view();
  }

  @POST
  @Path("{id}/appointments")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Records an appointment that the campaign brought")
  @Created("the appointment")
  public AppointmentView addAppointment(@PathParam("id") String id, AppointmentRequest body) {
    return campaigns.addAppointment(Ids.parse(id, "campaign"), body).view();
  }

  @GET
  @Path("{id}/appointments")
  @OwnerOnly
  @Operation(summary = "A campaign's appointments")
  public AppointmentList appointments(@PathParam("id") String id) {
    return new AppointmentList(
        campaigns.appointments(Ids.parse(id, "campaign")).stream().map(Appointment::view).toList());
  }

  /**
   * The contractor's portal. With {@code session_id}: only what was bought in that Checkout
   * Session, 202 while its payment is being processed (see {@link CampaignService#ofSession}).
   * Without: the customer's whole portal, for the cookie that an emailed link gave; 401 without.
   */
  @GET
  @Path("portal")
  @Operation(summary = "The contractor's portal, by Checkout Session or by the portal's cookie")
  @APIResponse(
      responseCode = "200",
      description = "the portal",
      content = @Content(schema = @Schema(implementation = PortalView.class)))
  @APIResponse(
      responseCode = "202",
      description = "the session's payment is being processed",
      content = @Content(schema = @Schema(implementation = Processing.class)))
  public Response portal(
      @QueryParam("session_id") String sessionId, @CookieParam(COOKIE) String cookie) {
    if (sessionId == null) {
      return Response.ok(
              signIns
                  .signedIn(config.portal(), cookie)
                  .flatMap(campaigns::ofCustomer)
                  .orElseThrow(
                      () ->
                          ApiException.unauthorized(
                              "open the link we emailed you to see your campaigns, or ask for a"
                                  + " new one")))
          .build();
    }
    if (sessionId.isBlank()) {
      throw ApiException.invalid("session_id", "session_id is empty");
    }
    return campaigns
        .ofSession(sessionId)
        .map(Response::ok)
        .orElseGet(() -> Response.accepted(new Processing("processing")))
        .build();
  }

  /**
   * Asks for a link to the whole portal: always 202 with the same body, whether or not a customer
   * has this email, so that nobody learns who bought; the link goes to the customer's email.
   */
  @POST
  @Path("portal-link")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Emails a link to the whole portal")
  @APIResponseSchema(
      value = SignInLinks.LinkSent.class,
      responseCode = "202",
      responseDescription = "the same answer for every email")
  public Response portalLink(SignInLinks.PortalLinkRequest body) {
    signIns.send(config.portal(), body.email(), campaigns::recipient);
    String message = "If this email has bought from us, a link to your campaigns is on its way.";
    return Response.accepted(new SignInLinks.LinkSent(config.portal(), message)).build();
  }

  /**
   * Opens an emailed link, once: 200 with the whole portal and the portal's cookie; 401 for a link
   * that was used, has expired, or was never valid here. The page posts the token, so that a mail
   * scanner's GET of the link does not use it up.
   */
  @POST
  @Path("portal/redeem")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Opens an emailed portal link, once, and signs the customer in")
  @APIResponseSchema(
      value = PortalView.class,
      responseCode = "200",
      responseDescription = "the whole portal, and its cookie")
  public Response redeem(SignInLinks.RedeemRequest body) {
    return signIns.open(config.portal(), body.token(), campaigns::ofCustomer);
  }

  @DELETE
  @Path("portal/session")
  @Operation(summary = "Signs out of the whole portal")
  @APIResponse(responseCode = "204", description = "the portal's cookie is cleared")
  public Response signOut() {
    return Response.noContent().header("Set-Cookie", signIns.signOut(config.portal())).build();
  }
}
