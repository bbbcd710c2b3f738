package dev.plinth.campaigns.rest;

import dev.plinth.campaigns.CampaignsConfig;
import dev.plinth.campaigns.application.CampaignService;
import dev.plinth.campaigns.application.CheckoutFlow;
import dev.plinth.campaigns.application.PackageService;
import dev.plinth.campaigns.application.PortalService;
import dev.plinth.campaigns.domain.Appointment;
import dev.plinth.campaigns.domain.Campaign;
import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.campaigns.domain.CampaignStatus;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.CheckoutSession;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The vertical's HTTP API, under {@code /api/t/{slug}/campaigns}. Packages are public to read and
 * the tenant's to change; contractors check out and read their portal without a key; the tenant
 * lists, pauses, resumes and cancels campaigns and records their appointments.
 */
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
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
  public JsonObject listPackages() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    packages.all().forEach(p -> out.add(json(p)));
    return Json.createObjectBuilder().add("packages", out).build();
  }

  @POST
  @Path("packages")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createPackage(String body) {
    tenant.requireOwner();
    JsonBody b = JsonBody.parse(body).allowOnly(PACKAGE_FIELDS);
    String code = b.string("code", 40);
    if (!code.matches("[a-z0-9][a-z0-9-]{0,39}")) {
      throw ApiException.invalid("code", "code is lowercase letters, digits and dashes");
    }
    return Response.status(Response.Status.CREATED)
        .entity(json(packages.create(code, details(b))))
        .build();
  }

  @PUT
  @Path("packages/{code}")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject updatePackage(@PathParam("code") String code, String body) {
    tenant.requireOwner();
    Set<String> fields = new java.util.HashSet<>(PACKAGE_FIELDS);
    fields.remove("code");
    return json(packages.update(code, details(JsonBody.parse(body).allowOnly(fields))));
  }

  private static final Set<String> PACKAGE_FIELDS =
      Set.of("code", "name", "priceAmount", "currency", "launchDelayHours", "runDays");

  private static CampaignPackage.Details details(JsonBody b) {
    long price = b.wholeNumber("priceAmount");
    if (price <= 0) {
      throw ApiException.invalid("priceAmount", "priceAmount must be positive");
    }
    long delay = b.optionalWholeNumber("launchDelayHours").orElse(72L);
    if (delay < 0 || delay > 8760) {
      throw ApiException.invalid("launchDelayHours", "launchDelayHours must be 0 to 8760");
    }
    Optional<Long> run = b.optionalWholeNumber("runDays");
    if (run.isPresent() && (run.get() < 1 || run.get() > 3650)) {
      throw ApiException.invalid("runDays", "runDays must be 1 to 3650");
    }
    return new CampaignPackage.Details(
        b.string("name", 200),
        price,
        b.currency("currency"),
        (int) delay,
        run.map(Long::intValue).orElse(null));
  }

  /** A contractor buys a package; 201 with where to pay. */
  @POST
  @Path("checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response checkout(String body) {
    JsonBody b =
        JsonBody.parse(body)
            .allowOnly(
                Set.of(
                    "packageCode",
                    "businessName",
                    "email",
                    "city",
                    "state",
                    "successUrl",
                    "cancelUrl"));
    String packageCode = b.string("packageCode", 40);
    Purchase.Buyer buyer =
        new Purchase.Buyer(
            b.string("businessName", 200), b.email("email"), b.string("city", 100), state(b));
    // the core accepts only URLs back to Plinth or to the tenant's own redirect origins
    String success = b.optionalString("successUrl", 2000).orElse(null);
    String cancel = b.optionalString("cancelUrl", 2000).orElse(null);
    if (packages.byCode(packageCode).isEmpty()) {
      throw ApiException.invalid("packageCode", "no package '" + packageCode + "'");
    }
    rateLimits.perClient("checkout", config.checkoutsPerClientPerMinute(), Duration.ofMinutes(1));
    CheckoutSession s = checkout.start(packageCode, buyer, success, cancel);
    return Response.status(Response.Status.CREATED)
        .entity(Json.createObjectBuilder().add("sessionId", s.id()).add("url", s.url()).build())
        .build();
  }

  private static String state(JsonBody b) {
    String state = b.string("state", 100);
    if (!state.matches("[A-Za-z]{2}")) {
      throw ApiException.invalid("state", "state is a two-letter code, such as TX");
    }
    return state.toUpperCase(java.util.Locale.ROOT);
  }

  @GET
  public JsonObject list(@QueryParam("status") String status) {
    tenant.requireOwner();
    CampaignStatus filter = Params.oneOf(CampaignStatus.class, status, "status");
    JsonArrayBuilder out = Json.createArrayBuilder();
    campaigns.list(filter).forEach(c -> out.add(json(c)));
    return Json.createObjectBuilder().add("campaigns", out).build();
  }

  @POST
  @Path("{id}/{action: pause|resume|cancel}")
  public JsonObject act(@PathParam("id") String id, @PathParam("action") String action) {
    tenant.requireOwner();
    return json(campaigns.act(Ids.parse(id, "campaign"), action));
  }

  @POST
  @Path("{id}/appointments")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response addAppointment(@PathParam("id") String id, String body) {
    tenant.requireOwner();
    JsonBody b = JsonBody.parse(body).allowOnly(Set.of("customerName", "at", "notes"));
    String name = b.string("customerName", 200);
    Instant at;
    try {
      at = Instant.parse(b.string("at", 40));
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "at", "at must be an ISO-8601 instant, such as 2026-12-01T15:00:00Z");
    }
    Appointment a =
        campaigns.addAppointment(
            Ids.parse(id, "campaign"), name, at, b.optionalString("notes", 2000).orElse(""));
    return Response.status(Response.Status.CREATED).entity(json(a)).build();
  }

  @GET
  @Path("{id}/appointments")
  public JsonObject appointments(@PathParam("id") String id) {
    tenant.requireOwner();
    JsonArrayBuilder out = Json.createArrayBuilder();
    campaigns.appointments(Ids.parse(id, "campaign")).forEach(a -> out.add(json(a)));
    return Json.createObjectBuilder().add("appointments", out).build();
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
  public Response portal(
      @QueryParam("session_id") String sessionId, @CookieParam(COOKIE) String cookie) {
    if (sessionId != null) {
      if (sessionId.isBlank()) {
        throw ApiException.invalid("session_id", "session_id is empty");
      }
      return portal
          .ofSession(sessionId)
          .map(p -> Response.ok(json(p, "session")))
          .orElseGet(
              () ->
                  Response.status(Response.Status.ACCEPTED)
                      .entity(Json.createObjectBuilder().add("status", "processing").build()))
          .build();
    }
    return Response.ok(
            json(
                portal
                    .ofPortalSession(cookie)
                    .orElseThrow(
                        () ->
                            ApiException.unauthorized(
                                "open the link we emailed you to see your campaigns, or ask for"
                                    + " a new one")),
                "customer"))
        .build();
  }

  /**
   * Asks for a link to the whole portal: always 202 with the same body, whether or not a customer
   * has this email, so that nobody learns who bought; the link goes to the customer's email.
   */
  @POST
  @Path("portal-link")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response portalLink(String body) {
    String email = JsonBody.parse(body).allowOnly(Set.of("email")).email("email");
    rateLimits.perClient("portal-link", config.portalLinksPerClientPerHour(), Duration.ofHours(1));
    rateLimits.perKey(
        "portal-link",
        email.toLowerCase(java.util.Locale.ROOT),
        config.portalLinksPerEmailPerHour(),
        Duration.ofHours(1));
    portal.sendLink(email);
    return Response.status(Response.Status.ACCEPTED)
        .entity(
            Json.createObjectBuilder()
                .add("status", "sent")
                .add(
                    "message",
                    "If this email has bought from us, a link to your campaigns is on its way.")
                .add("linkMinutes", config.portalLink().toMinutes())
                .build())
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
  public Response redeem(String body) {
    String token = JsonBody.parse(body).allowOnly(Set.of("token")).string("token", 400);
    UUID customer =
        portal
            .redeem(token)
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        "this link was already used or has expired; request a new one"));
    PortalService.Portal p =
        portal.ofCustomer(customer).orElseThrow(() -> ApiException.notFound("no customer"));
    return Response.ok(json(p, "customer"))
        .header("Set-Cookie", cookie(portal.session(customer), config.portalSession()))
        .build();
  }

  /** Signs out of the whole portal: the cookie is cleared. */
  @DELETE
  @Path("portal/session")
  public Response signOut() {
    return Response.noContent().header("Set-Cookie", cookie("", Duration.ZERO)).build();
  }

  /** The portal session's cookie: HttpOnly, SameSite=Strict, only for this tenant's portal API. */
  String cookie(String value, Duration maxAge) {
    return COOKIE
        + "="
        + value
        + "; Path=/api/t/"
        + tenant.slug()
        + "/campaigns/portal; Max-Age="
        + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Strict"
        + (tenant.publicUrl().startsWith("https:") ? "; Secure" : "");
  }

  static final String COOKIE = "plinth_campaigns_portal";

  JsonObject json(PortalService.Portal p, String scope) {
    JsonObjectBuilder customer =
        Json.createObjectBuilder()
            .add("businessName", p.businessName())
            .add("city", p.city())
            .add("state", p.state());
    p.email().ifPresent(e -> customer.add("email", e));
    JsonArrayBuilder list = Json.createArrayBuilder();
    Instant now = clock.instant();
    p.campaigns()
        .forEach(
            k ->
                list.add(
                    Json.createObjectBuilder()
                        .add("id", k.id().toString())
                        .add("name", k.name())
                        .add("status", k.status().name())
                        .add("launchAt", k.launchAt().toString())
                        .add("hoursUntilLaunch", hoursUntil(k, now))));
    return Json.createObjectBuilder()
        .add("scope", scope)
        .add("customer", customer)
        .add("campaigns", list)
        .add(
            "stats",
            Json.createObjectBuilder()
                .add("campaigns", p.campaigns().size())
                .add(
                    "active",
                    p.campaigns().stream().filter(k -> k.status() == CampaignStatus.active).count())
                .add("appointments", p.appointments()))
        .build();
  }

  /** Whole hours until a scheduled campaign launches, rounded up; 0 once it has. */
  static long hoursUntil(Campaign c, Instant now) {
    return c.status() == CampaignStatus.scheduled
        ? hours(Duration.between(now, c.launchAt()).toSeconds())
        : 0;
  }

  /** Seconds as whole hours, rounded up; never below zero. */
  static long hours(long seconds) {
    return seconds <= 0 ? 0 : (seconds + 3599) / 3600;
  }

  static JsonObject json(CampaignPackage p) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("code", p.code())
            .add("name", p.name())
            .add("priceAmount", p.priceAmount())
            .add("currency", p.currency())
            .add("launchDelayHours", p.launchDelayHours());
    if (p.runDays() != null) {
      b.add("runDays", p.runDays());
    }
    return b.build();
  }

  static JsonObject json(Campaign c) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", c.id().toString())
            .add("customerId", c.customerId().toString())
            .add("packageCode", c.packageCode())
            .add("name", c.name())
            .add("status", c.status().name())
            .add("checkoutSessionId", c.checkoutSessionId())
            .add("launchAt", c.launchAt().toString())
            .add("createdAt", c.createdAt().toString());
    if (c.endsAt() != null) {
      b.add("endsAt", c.endsAt().toString());
    }
    return b.build();
  }

  static JsonObject json(Appointment a) {
    return Json.createObjectBuilder()
        .add("id", a.id().toString())
        .add("campaignId", a.campaignId().toString())
        .add("customerName", a.customerName())
        .add("at", a.at().toString())
        .add("notes", a.notes())
        .build();
  }
}
