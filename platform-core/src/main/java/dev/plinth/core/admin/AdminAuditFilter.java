package dev.plinth.core.admin;

import dev.plinth.core.security.AdminCookie;
import dev.plinth.core.security.AdminSessions;
import dev.plinth.core.security.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records every admin action that changed something: a state-changing request (POST, PUT, PATCH,
 * DELETE) by the admin, by session cookie or token, that succeeded, named by the path template its
 * resource method declares. That covers the admin API (replays, resolves, reconciles, jobs, sign-in
 * and sign-out) and the admin's calls elsewhere, such as suspending a tenant ({@code PATCH
 * /api/tenants/{slug}}). The action has already happened, so a failure to record it is logged, not
 * answered.
 */
@Provider
public class AdminAuditFilter implements ContainerResponseFilter {

  private static final Logger LOG = Logger.getLogger(AdminAuditFilter.class.getName());

  @Inject Caller caller;

  @Inject AdminAudit audit;

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!caller.isAdmin()
        || !AdminCookie.changesState(request.getMethod())
        || response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
      return;
    }
    UriInfo uri = request.getUriInfo();
    String actor =
        caller.adminSession().map(h -> "session:" + AdminSessions.shortForm(h)).orElse("token");
    String action =
        request.getMethod()
            + " "
            + AdminAudit.template(resource.getResourceClass(), resource.getResourceMethod())
                .orElseGet(
                    () -> AdminAudit.template(uri.getPath(true), uri.getPathParameters(true)));
    try {
      audit.record(
          actor,
          action,
          AdminAudit.target(uri.getPathParameters(true), uri.getQueryParameters(true)),
          response.getStatus());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not record the admin action " + action + " by " + actor, e);
    }
  }
}
