package dev.plinth.core.admin;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.security.AdminCookie;
import dev.plinth.core.security.AdminSessions;
import dev.plinth.core.security.Caller;
import dev.plinth.core.security.Tokens;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Signing in to the admin console and out of it. {@code POST /api/admin/session} exchanges the
 * admin token for a session cookie ({@link AdminCookie}) and answers the session's CSRF token;
 * {@code GET} answers it again to the cookie (after a page reload); {@code DELETE} revokes the
 * session and clears the cookie.
 */
@Path("admin/session")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminSessionResource {

  @Inject TenantAccess access;

  @Inject Caller caller;

  @Inject AdminSessions sessions;

  @Inject PlinthConfig config;

  /** Takes the admin token only: the cookie is not read here (see AdminSessionFilter). */
  @POST
  @APIResponse(
      responseCode = "201",
      description = "the session's CSRF token and expiry; the session cookie is set")
  public Response signIn() {
    access.requireAdmin();
    AdminSessions.Issued session = sessions.create();
    return Response.status(Response.Status.CREATED)
        .header(HttpHeaders.SET_COOKIE, AdminCookie.issue(session.id(), session.life(), secure()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(json(session.csrfToken(), session.expiresAt()))
        .build();
  }

  /**
   * The CSRF token and expiry of the session whose cookie authenticated the request, so that the
   * console need not keep the token anywhere. The cookie only: the admin token has no session.
   */
  @GET
  @APIResponse(responseCode = "200", description = "the session's CSRF token and expiry")
  @APIResponse(responseCode = "401", description = "no live session cookie")
  public Response current() {
    AdminSessions.Session session =
        caller
            .adminSession()
            .flatMap(sessions::byHash)
            .orElseThrow(
                () -> ApiException.unauthorized("no admin session: sign in with the admin token"));
    return Response.ok(json(session.csrfToken(), session.expiresAt()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /**
   * Signs out: revokes the session that authenticated the request, or, for a request made with the
   * admin token, the session its cookie names if it sent one.
   */
  @DELETE
  @APIResponse(responseCode = "204", description = "signed out; the cookie is cleared")
  public Response signOut(@CookieParam(AdminCookie.NAME) String cookie) {
    access.requireAdmin();
    caller
        .adminSession()
        .or(() -> Optional.ofNullable(cookie).filter(c -> !c.isBlank()).map(Tokens::sha256Hex))
        .ifPresent(sessions::revoke);
    return Response.noContent().header(HttpHeaders.SET_COOKIE, AdminCookie.clear(secure())).build();
  }

  private static JsonObject json(String csrfToken, Instant expiresAt) {
    return Json.createObjectBuilder()
        .add("csrfToken", csrfToken)
        .add("expiresAt", expiresAt.toString())
        .build();
  }

  private boolean secure() {
    return AdminCookie.secureFor(config.publicUrl());
  }
}
