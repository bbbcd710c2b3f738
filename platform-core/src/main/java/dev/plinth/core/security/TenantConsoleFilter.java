package dev.plinth.core.security;

import dev.plinth.core.errorlog.RequestInfo;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Accepts a tenant console's session cookie ({@link AdminCookie#CONSOLE_NAME}) as that tenant, on
 * the core endpoints the console calls only ({@link AdminCookie#consoleCountsOn}) and only when no
 * bearer token was presented. The session must be this tenant's: another tenant's, or the admin's,
 * or one expired or signed out, is refused with 401. A state-changing request needs the session's
 * {@code X-CSRF-Token}, or it is refused with 403 {@code csrf_failed}. An unknown slug is left to
 * the endpoint, which answers 404.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 2)
public class TenantConsoleFilter implements ContainerRequestFilter {

  @Inject Caller caller;

  @Inject AdminSessions sessions;

  @Inject TenantAccess tenants;

  @Inject RequestInfo requestInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    Cookie cookie = request.getCookies().get(AdminCookie.CONSOLE_NAME);
    if (!caller.isAnonymous() || cookie == null || cookie.getValue().isBlank()) {
      return;
    }
    Optional<Tenant> tenant =
        AdminCookie.consoleCountsOn(request.getMethod(), request.getUriInfo().getPath(true))
            .flatMap(tenants::findBySlug);
    if (tenant.isEmpty()) {
      return;
    }
    AdminSessions.Session session =
        sessions
            .find(tenant.get().id(), cookie.getValue())
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        "the console session has expired or was signed out; sign in again"));
    AdminSessionFilter.requireCsrfToken(request, session);
    caller.tenantByConsole(tenant.get().id(), session.idHash());
    requestInfo.user("tenant:" + tenant.get().slug() + ":console");
  }
}
