package dev.plinth.core.vertical;

import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.OwnerOnly;
import dev.plinth.spi.web.TenantArea;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Opens a vertical's endpoints to a request: runs, after authentication and matching, before every
 * method of a resource marked {@link TenantArea} (see there for what it checks), and binds {@link
 * CurrentTenant}, then makes the {@link OwnerOnly} check. This is the one place where a vertical's
 * request gets its tenant and actor; nothing of the request's body has been read yet.
 */
@Provider
@TenantArea
@Priority(Priorities.AUTHORIZATION)
public class TenantAreaFilter implements ContainerRequestFilter {

  @Context ResourceInfo resource;

  @Inject TenantAccess access;

  @Inject CurrentTenant currentTenant;

  @Inject VerticalRegistry verticals;

  @Override
  public void filter(ContainerRequestContext request) {
    String slug = request.getUriInfo().getPathParameters().getFirst("slug");
    PlinthVertical vertical = verticals.ofResource(resource.getResourceClass());
    Tenant tenant = access.visible(slug);
    if (!vertical.id().equals(tenant.vertical())) {
      throw ApiException.notFound("no such endpoint for tenant '" + slug + "'");
    }
    access.bindCaller(tenant);
    if (resource.getResourceMethod().isAnnotationPresent(OwnerOnly.class)
        || resource.getResourceClass().isAnnotationPresent(OwnerOnly.class)) {
      currentTenant.requireOwner();
    }
  }
}
