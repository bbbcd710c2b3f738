package dev.plinth.core.security;

import dev.plinth.core.errorlog.RequestInfo;
import dev.plinth.spi.web.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;

/**
 * Accepts the admin console's session cookie ({@link AdminCookie}) as the admin, on the admin API
 * only and only when no bearer token was presented (a token wins). A cookie whose session is
 * unknown, expired or revoked is refused with 401. A state-changing request authenticated by the
 * cookie must carry the session's {@code X-CSRF-Token}, or it is refused with 403 {@code
 * csrf_failed}. Signing in ({@code POST /api/admin/session}) takes the admin token only, so the
 * cookie is not read there. Runs right after {@link AuthenticationFilter}.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
public class AdminSessionFilter implements ContainerRequestFilter {

  private static final String SIGN_IN = "admin/session";

  @Inject Caller caller;

  @Inject AdminSessions sessions;

  @Inject RequestInfo requestInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath(true);
    Cookie cookie = request.getCookies().get(AdminCookie.NAME);
    if (!caller.isAnonymous()
        || cookie == null
        || cookie.getValue().isBlank()
        || !AdminCookie.countsOn(path)
        || (request.getMethod().equals("POST") && stripSlashes(path).equals(SIGN_IN))) {
      return;
    }
    AdminSessions.Session session =
        sessions
            .find(cookie.getValue())
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        "the admin session has expired or was signed out; sign in again"));
    requireCsrfToken(request, session);
    caller.adminBySession(session.idHash());
    requestInfo.user("admin:session:" + AdminSessions.shortForm(session.idHash()));
  }

  /**
   * Refuses a state-changing request authenticated by a console cookie unless it carries the
   * session's CSRF token: 403 {@code csrf_failed}.
   */
  static void requireCsrfToken(ContainerRequestContext request, AdminSessions.Session session) {
    if (AdminCookie.changesState(request.getMethod())
        && !Tokens.constantTimeEquals(
            request.getHeaderString(AdminCookie.CSRF_HEADER), session.csrfToken())) {
      throw new ApiException(
          403,
          "csrf_failed",
          "a request that changes something needs the session's "
              + AdminCookie.CSRF_HEADER
              + " header");
    }
  }

  private static String stripSlashes(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
