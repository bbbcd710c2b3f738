package dev.plinth.core.webhook;

import dev.plinth.core.billing.ConnectedAccounts;
import dev.plinth.core.errorlog.Category;
import dev.plinth.core.errorlog.ErrorContext;
import dev.plinth.core.errorlog.ErrorLog;
import dev.plinth.core.metrics.PlinthMetrics;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.Severity;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Stripe's deliveries. Each is verified against the raw body, recorded once, and answered at once;
 * nothing slow runs here. A rejected delivery is answered 4xx and written to the error log, without
 * its payload or any secret.
 */
@Path("webhooks/stripe")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class StripeWebhookResource {

  static final String SIGNATURE = "Stripe-Signature";

  @Inject TenantAccess tenants;

  @Inject SignatureVerifier verifier;

  @Inject WebhookIntake intake;

  @Inject ErrorLog errorLog;

  @Inject WebhookWorker worker;

  @Inject PlinthMetrics metrics;

  @Inject ConnectedAccounts connectedAccounts;

  /** A delivery signed with the tenant's own endpoint secret. */
  @POST
  @Path("{slug}")
  public Response tenant(
      @PathParam("slug") String slug, @HeaderParam(SIGNATURE) String signature, byte[] body) {
    Tenant tenant = endpointOf(slug);
    String payload = new String(body, StandardCharsets.UTF_8);
    try {
      verifier.verify(payload, signature, intake.activeSecrets(tenant));
      StripeEventEnvelope.Head event = StripeEventEnvelope.head(payload);
      return answer(intake.record(tenant, event, payload, "webhook"), tenant.vertical());
    } catch (ApiException e) {
      throw rejected(e, tenant);
    }
  }

  /** A delivery for a connected account, signed with the platform's Connect secret. */
  @POST
  @Path("connect")
  public Response connect(@HeaderParam(SIGNATURE) String signature, byte[] body) {
    try {
      return connected(body, signature, intake.connectSecrets(), intake::tenantForAccount, null);
    } catch (ApiException e) {
      throw rejected(e, null);
    }
  }

  /**
   * A delivery from the tenant's own Connect endpoint, for one of the accounts connected to the
   * tenant's Stripe account, signed with that endpoint's secret. It is the tenant's only if the
   * tenant has the account: bound, pending its onboarding, or bound once and unbound or
   * deauthorized since (its earlier payments' refunds and disputes still belong to the tenant); any
   * other account's event is kept as unroutable, naming this tenant's endpoint.
   */
  @POST
  @Path("{slug}/connect")
  public Response tenantConnect(
      @PathParam("slug") String slug, @HeaderParam(SIGNATURE) String signature, byte[] body) {
    Tenant tenant = endpointOf(slug);
    try {
      return connected(
          body,
          signature,
          intake.activeConnectSecrets(tenant),
          account ->
              connectedAccounts.routesTo(tenant.id(), tenant.vertical(), account)
                  ? Optional.of(tenant)
                  : Optional.empty(),
          tenant);
    } catch (ApiException e) {
      throw rejected(e, tenant);
    }
  }

  /**
   * A verified Connect event goes to the tenant its account routes to, or is kept unroutable, with
   * the tenant whose endpoint received it ({@code endpointOf}; null for the platform's endpoint).
   */
  private Response connected(
      byte[] body,
      String signature,
      List<String> secrets,
      Function<String, Optional<Tenant>> route,
      Tenant endpointOf) {
    String payload = new String(body, StandardCharsets.UTF_8);
    verifier.verify(payload, signature, secrets);
    StripeEventEnvelope.Head event = StripeEventEnvelope.head(payload);
    String account =
        event
            .account()
            .orElseThrow(
                () -> ApiException.invalid("account", "a Connect event names its account"));
    Tenant tenant = route.apply(account).orElse(null);
    if (tenant == null) {
      return answer(intake.recordUnroutable(event, payload, endpointOf), PlinthMetrics.NO_VERTICAL);
    }
    return answer(intake.record(tenant, event, payload, "connect"), tenant.vertical());
  }

  /** The tenant whose endpoint this is; 404 (counted as a rejected delivery) for none. */
  private Tenant endpointOf(String slug) {
    Tenant tenant = tenants.findBySlug(slug).orElse(null);
    if (tenant == null) {
      metrics.delivery(PlinthMetrics.NO_VERTICAL, "rejected", "not_found");
      throw ApiException.notFound("no tenant '" + slug + "'");
    }
    return tenant;
  }

  private Response answer(WebhookIntake.Receipt receipt, String vertical) {
    metrics.delivery(vertical, receipt.duplicate() ? "duplicate" : "new", null);
    if (!receipt.duplicate() && receipt.routed()) {
      worker.kick(); // process now rather than at the next poll
    }
    String body =
        receipt.routed()
            ? (receipt.duplicate() ? DUPLICATE : NEW)
            : (receipt.duplicate() ? UNROUTED_DUPLICATE : UNROUTED_NEW);
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
  }

  /*
   * The four answers, written once: building each with JSON-P (a provider lookup, a builder, the
   * provider's writer) was 5% of the request threads' samples in the intake's profile under load.
   */
  private static final String NEW = "{\"received\":true,\"duplicate\":false}";
  private static final String DUPLICATE = "{\"received\":true,\"duplicate\":true}";
  private static final String UNROUTED_NEW =
      "{\"received\":true,\"duplicate\":false,\"routed\":false}";
  private static final String UNROUTED_DUPLICATE =
      "{\"received\":true,\"duplicate\":true,\"routed\":false}";

  private ApiException rejected(ApiException e, Tenant tenant) {
    metrics.delivery(
        tenant == null ? PlinthMetrics.NO_VERTICAL : tenant.vertical(), "rejected", e.code());
    ErrorContext ctx = errorLog.currentContext().withTenant(tenant == null ? null : tenant.id());
    errorLog.record(
        Severity.WARNING,
        Category.webhook,
        "Stripe delivery rejected (" + e.code() + "): " + e.getMessage(),
        null,
        ctx);
    return e;
  }
}
