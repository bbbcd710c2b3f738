package dev.plinth.campaigns.rest;

import dev.plinth.campaigns.CampaignsConfig;
import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.campaigns.application.CampaignService;
import dev.plinth.campaigns.application.CheckoutFlow;
import dev.plinth.campaigns.application.PackageService;
import dev.plinth.campaigns.application.PortalService;
import dev.plinth.campaigns.domain.CampaignStatus;
import dev.plinth.campaigns.rest.Requests.AppointmentRequest;
import dev.plinth.campaigns.rest.Requests.CheckoutRequest;
import dev.plinth.campaigns.rest.Requests.PackageChange;
import dev.plinth.campaigns.rest.Requests.PackageRequest;
import dev.plinth.campaigns.rest.Requests.PortalLinkRequest;
import dev.plinth.campaigns.rest.Requests.RedeemRequest;
import dev.plinth.campaigns.rest.Responses.AppointmentList;
import dev.plinth.campaigns.rest.Responses.AppointmentView;
import dev.plinth.campaigns.rest.Responses.CampaignList;
import dev.plinth.campaigns.rest.Responses.CampaignView;
import dev.plinth.campaigns.rest.Responses.CheckoutStarted;
import dev.plinth.campaigns.rest.Responses.LinkSent;
import dev.plinth.campaigns.rest.Responses.PackageList;
import dev.plinth.campaigns.rest.Responses.PackageView;
import dev.plinth.campaigns.rest.Responses.PortalView;
import dev.plinth.campaigns.rest.Responses.Processing;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.web.ApiException;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The vertical's HTTP API, under {@code /api/t/{slug}/campaigns}. Packages are public to read and
 * the tenant's to change; contractors check out and read their portal without a key; the tenant
 * lists, pauses, resumes and cancels campaigns and records their appointments.
 */
@Path(TenantArea.PATH + CampaignsModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns", description = "Marketing campaigns, their storefront and portal")
public class CampaignsResource {

  @Inject TenantContext tenant;

  @Inject PackageService packages;

  @Inject CampaignService campaigns;

  @Inject CheckoutFlow checkout;

  @Inject PortalService portal;

  @Inject Clock clock;

  @Inject RateLimits rateLimits;

  @Inject CampaignsConfig config;

  @GET
  @Path("packages")
  @Operation(summary = "The packages on sale; anyone may look")
  public PackageList listPackages() {
    return new PackageList(packages.all().stream().map(PackageView::of).toList());
  }

  @POST
  @Path("packages")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Creates a package")
  @APIResponse(
      responseCode = "201",
      description = "the package",
      content = @Content(schema = @Schema(implementation = PackageView.class)))
  public Response createPackage(PackageRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(PackageView.of(packages.create(body.code(), body.details())))
        .build();
  }

  @PUT
  @Path("packages/{code}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Replaces a package's details")
  public PackageView updatePackage(@PathParam("code") String code, PackageChange body) {
    return PackageView.of(packages.update(code, body.details()));
  }

  /** A contractor buys a package; 201 with where to pay. */
  @POST
  @Path("checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "A contractor buys a package")
  @APIResponse(
      responseCode = "201",
      description = "the checkout session to pay in",
      content = @Content(schema = @Schema(implementation = CheckoutStarted.class)))
  public Response checkout(CheckoutRequest body) {
    rateLimits.perClient("checkout", config.checkoutsPerClientPerMinute(), Duration.ofMinutes(1));
    // the core accepts only URLs back to Plinth or to the tenant's own redirect origins
    CheckoutSession s =
        checkout.start(body.packageCode(), body.buyer(), body.successUrl(), body.cancelUrl());
    return Response.status(Response.Status.CREATED)
        .entity(new CheckoutStarted(s.id(), s.url()))
        .build();
  }

  @GET
  @OwnerOnly
  @Operation(summary = "The tenant's campaigns, optionally of one status")
  public CampaignList list(@QueryParam("status") String status) {
    CampaignStatus filter = Params.oneOf(CampaignStatus.class, status, "status");
    return new CampaignList(campaigns.list(filter).stream().map(CampaignView::of).toList());
  }

  @POST
  @Path("{id}/{action: pause|resume|cancel}")
  @OwnerOnly
  @Operation(summary = "Pauses, resumes or cancels a campaign")
  public CampaignView act(@PathParam("id") String id, @PathParam("action") String action) {
    return CampaignView.of(campaigns.act(Ids.parse(id, "campaign"), action));
  }

  @POST
  @Path("{id}/appointments")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Records an appointment that the campaign brought")
  @APIResponse(
      responseCode = "201",
      description = "the appointment",
      content = @Content(schema = @Schema(implementation = AppointmentView.class)))
  public Response addAppointment(@PathParam("id") String id, AppointmentRequest body) {
    var a =
        campaigns.addAppointment(
            Ids.parse(id, "campaign"),
            body.customerName(),
            body.at(),
            body.notes() == null ? "" : body.notes());
    return Response.status(Response.Status.CREATED).entity(AppointmentView.of(a)).build();
  }

  @GET
  @Path("{id}/appointments")
  @OwnerOnly
  @Operation(summary = "A campaign's appointments")
  public AppointmentList appointments(@PathParam("id") String id) {
    return new AppointmentList(
        campaigns.appointments(Ids.parse(id, "campaign")).stream()
            .map(AppointmentView::of)
            .toList());
  }

  /**
   * The contractor's portal. With {@code session_id}: only what was bought in that Checkout
   * Session, 202 while its payment is being processed, 409 {@code payment_failed} or {@code
   * checkout_expired} if it ended unpaid, 404 for a session this tenant never started. Without: the
   * customer's whole portal, for the portal session's cookie that an emailed link gave; 401 without
   * one.
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
    if (sessionId != null) {
      if (sessionId.isBlank()) {
        throw ApiException.invalid("session_id", "session_id is empty");
      }
      return portal
          .ofSession(sessionId)
          .map(p -> Response.ok(PortalView.of(p, "session", clock.instant())))
          .orElseGet(
              () -> Response.status(Response.Status.ACCEPTED).entity(new Processing("processing")))
          .build();
    }
    return Response.ok(
            PortalView.of(
                portal
                    .ofPortalSession(cookie)
                    .orElseThrow(
                        () ->
                            ApiException.unauthorized(
                                "open the link we emailed you to see your campaigns, or ask for"
                                    + " a new one")),
                "customer",
                clock.instant()))
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
  @APIResponse(
      responseCode = "202",
      description = "the same answer for every email",
      content = @Content(schema = @Schema(implementation = LinkSent.class)))
  public Response portalLink(PortalLinkRequest body) {
    String email = body.email();
    rateLimits.perClient("portal-link", config.portalLinksPerClientPerHour(), Duration.ofHours(1));
    rateLimits.perKey(
        "portal-link",
        email.toLowerCase(Locale.ROOT),
        config.portalLinksPerEmailPerHour(),
        Duration.ofHours(1));
    portal.sendLink(email);
    return Response.status(Response.Status.ACCEPTED)
        .entity(
            new LinkSent(
                "sent",
                "If this email has bought from us, a link to your campaigns is on its way.",
                config.portalLink().toMinutes()))
        .build();
  }

  /**
   * Opens an emailed link, once: 200 with the whole portal and a cookie that keeps the customer in
   * it for {@code campaigns.portal-session-hours}; 401 {@code unauthorized} for a link that was
   * used, has expired, or was never valid here. The page posts the token: a link opened by a mail
   * scanner's GET does not use it up.
   */
  @POST
  @Path("portal/redeem")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Opens an emailed portal link, once, and signs the customer in")
  @APIResponse(
      responseCode = "200",
      description = "the whole portal, and its cookie",
      content = @Content(schema = @Schema(implementation = PortalView.class)))
  public Response redeem(RedeemRequest body) {
    UUID customer =
        portal
            .redeem(body.token())
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        "this link was already used or has expired; request a new one"));
    PortalService.Portal p =
        portal.ofCustomer(customer).orElseThrow(() -> ApiException.notFound("no customer"));
    return Response.ok(PortalView.of(p, "customer", clock.instant()))
        .header("Set-Cookie", cookie(portal.session(customer), config.portalSession()))
        .build();
  }

  /** Signs out of the whole portal: the cookie is cleared. */
  @DELETE
  @Path("portal/session")
  @Operation(summary = "Signs out of the whole portal")
  @APIResponse(responseCode = "204", description = "the portal's cookie is cleared")
  public Response signOut() {
    return Response.noContent().header("Set-Cookie", cookie("", Duration.ZERO)).build();
  }

  /** The portal session's cookie: HttpOnly, SameSite=Strict, only for this tenant's portal API. */
  String cookie(String value, Duration maxAge) {
    return COOKIE
        + "="
        + value
        + "; Path="
        + java.net.URI.create(tenant.apiUrl("portal")).getPath()
        + "; Max-Age="
        + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Strict"
        + (tenant.publicUrl().startsWith("https:") ? "; Secure" : "");
  }

  static final String COOKIE = "plinth_campaigns_portal";
}
