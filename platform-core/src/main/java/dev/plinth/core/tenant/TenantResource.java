package dev.plinth.core.tenant;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.security.Caller;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The tenant registry: onboarding, settings and key rotation. */
@Path("tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

  @Inject TenantService tenants;

  @Inject TenantAccess access;

  @Inject Caller caller;

  @Inject PlinthConfig config;

  @Inject dev.plinth.core.billing.StripeSetupService setup;

  /** Onboards a tenant; the answer carries its API key, shown only this once. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "201", description = "the tenant, with its API key, shown this once")
  public Response onboard(String body) {
    access.requireAdmin();
    TenantService.Onboarded onboarded = tenants.onboard(JsonBody.parse(body));
    JsonObject json =
        Json.createObjectBuilder(view(onboarded.tenant()))
            .add("apiKey", onboarded.apiKey())
            .build();
    return Response.status(Response.Status.CREATED)
        .location(java.net.URI.create("tenants/" + onboarded.tenant().slug()))
        .entity(json)
        .build();
  }

  /**
   * Admins see every tenant, newest first, {@code limit} (1–500, default 100) at a time: when there
   * are more, the answer's {@code next} is the {@code after} of the next page. A tenant sees only
   * itself.
   */
  @GET
  public JsonObject list(
      @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("after") String after) {
    access.requireAuthenticated();
    JsonArrayBuilder items = Json.createArrayBuilder();
    JsonObjectBuilder out = Json.createObjectBuilder();
    if (caller.isAdmin()) {
      UUID from =
          after == null ? null : Ids.tryParse(after).orElseThrow(() -> TenantService.badCursor());
      TenantService.Page page = tenants.page(from, limit);
      page.tenants().forEach(t -> items.add(view(t)));
      page.next().ifPresent(n -> out.add("next", n.toString()));
    } else {
      items.add(view(tenants.byId(caller.tenantId())));
    }
    return out.add("tenants", items).build();
  }

  @GET
  @Path("{slug}")
  public JsonObject get(@PathParam("slug") String slug) {
    return view(access.requireOwnerOf(slug));
  }

  @PATCH
  @Path("{slug}")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject patch(@PathParam("slug") String slug, String body) {
    access.requireAdmin();
    Tenant tenant = access.requireOwnerOf(slug);
    return view(tenants.patch(tenant, JsonBody.parse(body)));
  }

  /**
   * Replaces the Stripe settings. An admin may choose either mode; a tenant may only replace its
   * own direct key (see {@link TenantAccess#requireMayReplaceStripe}).
   */
  @PUT
  @Path("{slug}/stripe")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject replaceStripe(@PathParam("slug") String slug, String body) {
    Tenant tenant = access.requireOwnerOf(slug);
    StripeSettings stripe = StripeSettings.parse(JsonBody.parse(body));
    access.requireMayReplaceStripe(tenant, stripe);
    return view(tenants.replaceStripe(tenant, stripe));
  }

  /** Where checkout may send the tenant's customers back, besides {@code PLINTH_PUBLIC_URL}. */
  @PUT
  @Path("{slug}/redirect-origins")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject replaceRedirectOrigins(@PathParam("slug") String slug, String body) {
    Tenant tenant = access.requireOwnerOf(slug);
    return view(tenants.replaceRedirectOrigins(tenant, JsonBody.parse(body)));
  }

  @PUT
  @Path("{slug}/webhook-secret")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject rotateWebhookSecret(@PathParam("slug") String slug, String body) {
    Tenant tenant = access.requireOwnerOf(slug);
    return view(tenants.rotateWebhookSecret(tenant, JsonBody.parse(body)));
  }

  /** Issues a new API key, shown once; the old key stops working. */
  @POST
  @Path("{slug}/api-key")
  @APIResponse(responseCode = "201", description = "the new API key, shown this once")
  public Response rotateApiKey(@PathParam("slug") String slug) {
    Tenant tenant = access.requireOwnerOf(slug);
    String key = tenants.rotateApiKey(tenant);
    return Response.status(Response.Status.CREATED)
        .entity(Json.createObjectBuilder().add("slug", slug).add("apiKey", key).build())
        .build();
  }

  /** Registers Plinth's webhook URL with Stripe and stores the secret Stripe returns. */
  @POST
  @Path("{slug}/stripe/webhook-endpoint")
  @APIResponse(
      responseCode = "201",
      description = "the endpoint Stripe registered; its secret is stored")
  public Response registerWebhookEndpoint(@PathParam("slug") String slug) {
    Tenant tenant = access.requireOwnerOf(slug);
    return registered(setup.registerWebhookEndpoint(tenant));
  }

  /**
   * Registers the tenant's Connect endpoint, for the events of its connected accounts, and stores
   * its secret; the tenant's own Stripe account is the Connect platform.
   */
  @POST
  @Path("{slug}/stripe/connect-webhook-endpoint")
  @APIResponse(
      responseCode = "201",
      description = "the Connect endpoint Stripe registered; its secret is stored")
  public Response registerConnectWebhookEndpoint(@PathParam("slug") String slug) {
    Tenant tenant = access.requireOwnerOf(slug);
    return registered(setup.registerConnectWebhookEndpoint(tenant));
  }

  /** 201 with the endpoint Stripe registered (its secret is stored, never shown). */
  private static Response registered(dev.plinth.core.billing.StripeSetupService.Registered r) {
    return Response.status(Response.Status.CREATED)
        .entity(
            Json.createObjectBuilder()
                .add("webhookEndpointId", r.endpointId())
                .add("url", r.url())
                .add("webhookSecretSet", true)
                .build())
        .build();
  }

  private JsonObject view(Tenant t) {
    return view(t, config.publicUrl());
  }

  /** Where Stripe delivers the tenant's events: its own path, or the platform's Connect path. */
  static String webhookUrl(Tenant t, String publicUrl) {
    String webhookPath = t.stripeMode() == Tenant.StripeMode.direct ? t.slug() : "connect";
    return publicUrl + "/api/webhooks/stripe/" + webhookPath;
  }

  /** A tenant as JSON, never with secrets: what {@code GET /api/tenants/{slug}} answers. */
  static JsonObject view(Tenant t, String publicUrl) {
    JsonObjectBuilder stripe = Json.createObjectBuilder().add("mode", t.stripeMode().name());
    if (t.stripeMode() == Tenant.StripeMode.direct) {
      stripe.add("secretKey", t.stripeKeyHint());
      stripe.add("webhookSecretSet", t.webhookSecretSealed() != null);
      stripe.add("connectWebhookSecretSet", t.connectWebhookSecretSealed() != null);
    } else {
      stripe.add("accountId", t.stripeAccountId());
    }
    return Json.createObjectBuilder()
        .add("id", t.id().toString())
        .add("slug", t.slug())
        .add("name", t.name())
        .add("vertical", t.vertical())
        .add("ownerEmail", t.ownerEmail())
        .add("status", t.status().name())
        .add("stripe", stripe)
        .add("redirectOrigins", Json.createArrayBuilder(t.redirectOrigins()))
        .add("webhookUrl", webhookUrl(t, publicUrl))
        .add("createdAt", t.createdAt().toString())
        .add("updatedAt", t.updatedAt().toString())
        .build();
  }
}
