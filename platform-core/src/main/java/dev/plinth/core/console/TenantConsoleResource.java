package dev.plinth.core.console;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.security.AdminCookie;
import dev.plinth.core.security.AdminSessions;
import dev.plinth.core.security.Caller;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.Actor;
import dev.plinth.spi.Panel;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.SignedTokens;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A tenant's own console, {@code /t/{slug}/console}: signing in to it and what it shows about the
 * tenant. The tenant signs in with its API key, or better with a one-time sign-in link that its
 * backend asks for with the key, so that the key never reaches a browser. The session is a cookie
 * sent only to {@code /api/t/{slug}} (see {@link AdminCookie#issueConsole}); it counts as the
 * tenant's key on the core endpoints the console calls, with the CSRF token on every change (see
 * {@code TenantConsoleFilter}). Sessions last as long as the admin console's.
 */
@Path("t/{slug}/console")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantConsoleResource {

  /** What a sign-in link is signed for; it opens once, within {@link #LINK_LIFE}. */
  static final String LINK_PURPOSE = "core.console-link";

  static final Duration LINK_LIFE = Duration.ofMinutes(15);

  @Inject TenantAccess access;

  @Inject Caller caller;

  @Inject CurrentTenant current;

  @Inject AdminSessions sessions;

  @Inject SignedTokens tokens;

  @Inject ScopedTransactions transactions;

  @Inject VerticalRegistry verticals;

  @Inject PlinthConfig config;

  @Inject Clock clock;

  /** The tenant as its console shows it, and its vertical's panels. */
  public record Overview(
      String slug, String name, String vertical, String status, List<Panel> panels) {}

  /**
   * The console's heading and its vertical's panels, for the tenant (key or console) and admins.
   */
  @GET
  public Overview overview(@PathParam("slug") String slug) {
    Tenant tenant = access.requireOwnerOf(slug);
    PlinthVertical vertical = verticals.find(tenant.vertical()).orElseThrow();
    access.bindCaller(tenant);
    return new Overview(
        tenant.slug(),
        tenant.name(),
        vertical.id(),
        tenant.isSuspended() ? "suspended" : "active",
        transactions.inTenant(tenant.id(), tenant.vertical(), vertical::panels));
  }

  /**
   * A one-time sign-in link to the console, for the tenant's API key (not a console session, so
   * that a session cannot prolong itself) or the admin.
   */
  @POST
  @Path("links")
  @Consumes(MediaType.WILDCARD)
  @APIResponse(responseCode = "201", description = "the link and when it stops working")
  public Response link(@PathParam("slug") String slug) {
    if (caller.consoleSession().isPresent()) {
      throw ApiException.unauthorized("a sign-in link needs the tenant's API key");
    }
    Tenant tenant = access.requireOwnerOf(slug);
    access.bindCaller(tenant);
    Instant expiresAt = clock.instant().plus(LINK_LIFE);
    String token = tokens.sign(LINK_PURPOSE, "console", LINK_LIFE);
    return Response.status(Response.Status.CREATED)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(
            Json.createObjectBuilder()
                .add("url", config.publicUrl() + "/t/" + tenant.slug() + "/console#link=" + token)
                // as the token counts it: whole seconds
                .add("expiresAt", expiresAt.truncatedTo(ChronoUnit.SECONDS).toString())
                .build())
        .build();
  }

  /**
   * Signs in with the tenant's API key (no body), or with a sign-in link ({@code {"link"}}), which
   * then stops working. A link that is unknown, expired, already used or another tenant's is 401.
   */
  @POST
  @Path("session")
  @Consumes(MediaType.WILDCARD)
  @APIResponse(
      responseCode = "201",
      description = "the session's CSRF token and expiry; the session cookie is set")
  public Response signIn(@PathParam("slug") String slug, String body) {
    Tenant tenant;
    if (caller.isTenant()) {
      tenant = access.requireOwnerOf(slug);
    } else if (caller.isAnonymous() && body != null && !body.isBlank()) {
      String link = JsonBody.parse(body).string("link", 400).replaceFirst("^.*#link=", "");
      tenant = access.visible(slug);
      current.bind(
          tenant.id(), tenant.slug(), tenant.vertical(), tenant.ownerEmail(), Actor.TENANT);
      transactions
          .inTenant(tenant.id(), tenant.vertical(), () -> tokens.redeem(LINK_PURPOSE, link))
          .orElseThrow(
              () ->
                  ApiException.unauthorized(
                      "this sign-in link has expired or was already used; ask for a new one"));
    } else {
      throw ApiException.unauthorized("sign in with the tenant's API key or a sign-in link");
    }
    AdminSessions.Issued session = sessions.create(tenant.id());
    return Response.status(Response.Status.CREATED)
        .header(
            HttpHeaders.SET_COOKIE,
            AdminCookie.issueConsole(tenant.slug(), session.id(), session.life(), secure()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(session(session.csrfToken(), session.expiresAt().toString()))
        .build();
  }

  /** The console session's CSRF token, so that a reloaded page can go on; 401 without one. */
  @GET
  @Path("session")
  public Response session(@PathParam("slug") String slug) {
    String idHash =
        caller
            .consoleSession()
            .orElseThrow(() -> ApiException.unauthorized("not signed in to this console"));
    Tenant tenant = access.requireOwnerOf(slug);
    AdminSessions.Session session = sessions.findByHash(tenant.id(), idHash).orElseThrow();
    return Response.ok(session(session.csrfToken(), session.expiresAt().toString()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /** Signs out of the console: the session ends and the cookie is cleared. */
  @DELETE
  @Path("session")
  @APIResponse(responseCode = "204", description = "signed out; the cookie is cleared")
  public Response signOut(@PathParam("slug") String slug) {
    Tenant tenant = access.requireOwnerOf(slug);
    caller.consoleSession().ifPresent(sessions::revoke);
    return Response.noContent()
        .header(HttpHeaders.SET_COOKIE, AdminCookie.clearConsole(tenant.slug(), secure()))
        .build();
  }

  private static JsonObject session(String csrfToken, String expiresAt) {
    return Json.createObjectBuilder()
        .add("csrfToken", csrfToken)
        .add("expiresAt", expiresAt)
        .build();
  }

  private boolean secure() {
    return AdminCookie.secureFor(config.publicUrl());
  }
}
