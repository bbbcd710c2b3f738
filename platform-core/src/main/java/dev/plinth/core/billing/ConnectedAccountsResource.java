package dev.plinth.core.billing;

import dev.plinth.core.errorlog.Category;
import dev.plinth.core.errorlog.ErrorLog;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.web.MessagePage;
import dev.plinth.spi.Severity;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A tenant's connected accounts, for the tenant (by its API key) or an admin: the list, and the
 * onboarding of a new one through Stripe's Account Links, whose return and refresh pages are here
 * too (a browser comes back to them from Stripe, so they answer HTML). Binding an account by its id
 * is an admin's ({@link AdminConnectedAccountsResource}); a tenant never binds one by naming it.
 */
@Path("tenants/{slug}/connected-accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConnectedAccountsResource {

  @Inject TenantAccess access;

  @Inject ConnectedAccounts accounts;

  @Inject ConnectOnboarding onboarding;

  @Inject ErrorLog errorLog;

  @GET
  public JsonObject list(@PathParam("slug") String slug) {
    return list(accounts.list(access.requireOwnerOf(slug)));
  }

  /**
   * Creates an account on the tenant's platform and answers Stripe's onboarding link for it; the
   * account is bound once the onboarding comes back with charges enabled.
   */
  @POST
  @Path("links")
  @APIResponse(
      responseCode = "201",
      description = "{\"accountId\",\"url\"}: the pending account and its onboarding link")
  public Response link(@PathParam("slug") String slug) {
    Tenant t = access.requireOwnerOf(slug);
    ConnectOnboarding.Started started = onboarding.start(t);
    return Response.status(Response.Status.CREATED)
        .entity(
            Json.createObjectBuilder()
                .add("accountId", started.accountId())
                .add("url", started.url())
                .build())
        .build();
  }

  /** Where Stripe sends the professional after onboarding: a page saying what came of it. */
  @GET
  @Path("onboarding/return")
  @Produces(MediaType.TEXT_HTML)
  @APIResponse(responseCode = "200", description = "an HTML page: connected, or not yet complete")
  public Response returned(@PathParam("slug") String slug, @QueryParam("state") String state) {
    return page(slug, t -> returned(t, onboarding.complete(t, state), state));
  }

  private static Response returned(Tenant t, ConnectOnboarding.Returned r, String state) {
    return switch (r.outcome()) {
      case bound ->
          MessagePage.of(
              200,
              "Account connected",
              "Your Stripe account "
                  + r.accountId()
                  + " is now connected to "
                  + t.name()
                  + ", and can take payments through it. There is nothing more to do here: you"
                  + " can close this page.");
      case incomplete ->
          MessagePage.of(
              200,
              "Onboarding is not complete",
              "Stripe still needs some details before account "
                  + r.accountId()
                  + " can take payments through "
                  + t.name()
                  + ". What you entered is saved: continue where you left off.",
              "refresh?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8),
              "Continue onboarding");
      case invalid -> invalidLink();
    };
  }

  /** Where Stripe sends the professional when the link expired: a fresh link, at once. */
  @GET
  @Path("onboarding/refresh")
  @Produces(MediaType.TEXT_HTML)
  @APIResponse(responseCode = "303", description = "to a fresh onboarding link")
  public Response refresh(@PathParam("slug") String slug, @QueryParam("state") String state) {
    return page(
        slug,
        t ->
            onboarding
                .refresh(t, state)
                .map(url -> Response.seeOther(URI.create(url)).build())
                .orElseGet(
                    () ->
                        MessagePage.of(
                            400,
                            "This link is not valid",
                            "The onboarding link is not valid, has expired, or its account is"
                                + " already connected. Ask the business that sent it for a new"
                                + " one.")));
  }

  /**
   * A page a browser comes back to from Stripe: never JSON, whatever happens. A Stripe failure is a
   * page saying to try again (the details are in the error log); too many links, a page saying
   * when; any other refusal, the invalid link's page; anything unexpected, a page with the error
   * log's reference.
   */
  private Response page(String slug, Function<Tenant, Response> answer) {
    try {
      Tenant t = access.findBySlug(slug).orElse(null);
      if (t == null) {
        return MessagePage.of(404, "Page not found", "There is no such page here.");
      }
      return answer.apply(t);
    } catch (ApiException e) {
      if (e.status() == 429) {
        return MessagePage.of(
            429,
            "Please wait a moment",
            "Too many onboarding links were asked for this business just now. Try this link"
                + " again in "
                + minutes(e.details().get("retryAfter"))
                + ".");
      }
      if (e.status() >= 500) {
        return MessagePage.of(
            502,
            "Stripe could not be reached",
            "Stripe could not confirm the onboarding just now. Nothing was lost: try this link"
                + " again in a few minutes.");
      }
      return invalidLink();
    } catch (RuntimeException e) {
      String errorId = errorLog.record(Severity.ERROR, Category.api, "onboarding page failed", e);
      return MessagePage.of(
          500,
          "Something went wrong",
          "The onboarding could not be checked just now. Try this link again in a few minutes;"
              + " if it keeps failing, give the business this reference: "
              + errorId
              + ".");
    }
  }

  /** The page of a state that does not verify, has expired, or names no account of the tenant. */
  static Response invalidLink() {
    return MessagePage.of(
        400,
        "This link is not valid",
        "The onboarding link is not valid or has expired. Ask the business that sent it for a new"
            + " one.");
  }

  /** Seconds as a person reads them: whole minutes, at least one. */
  static String minutes(Object seconds) {
    long s = seconds instanceof Number n ? n.longValue() : 60;
    long m = Math.max(1, (s + 59) / 60);
    return m == 1 ? "a minute" : m + " minutes";
  }

  static JsonObject list(List<ConnectedAccounts.Row> rows) {
    JsonArrayBuilder items = Json.createArrayBuilder();
    rows.forEach(r -> items.add(view(r)));
    return Json.createObjectBuilder().add("connectedAccounts", items).build();
  }

  static JsonObject view(ConnectedAccounts.Row r) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("accountId", r.accountId())
            .add("status", r.status())
            .add("boundBy", r.boundBy())
            .add("chargesEnabled", r.chargesEnabled());
    if (r.boundAt() != null) {
      b.add("boundAt", r.boundAt().toString());
    } else {
      b.addNull("boundAt");
    }
    if (r.unboundAt() != null) {
      b.add("unboundAt", r.unboundAt().toString());
    } else {
      b.addNull("unboundAt");
    }
    if (r.deauthorizedAt() != null) {
      b.add("deauthorizedAt", r.deauthorizedAt().toString());
    } else {
      b.addNull("deauthorizedAt");
    }
    return b.add("createdAt", r.createdAt().toString()).build();
  }
}
