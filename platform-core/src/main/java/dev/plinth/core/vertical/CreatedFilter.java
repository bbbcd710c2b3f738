package dev.plinth.core.vertical;

import dev.plinth.spi.web.Created;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a {@link Created} method's body with 201 rather than 200. Errors (mapped to their own
 * status) and any other status the method chose pass unchanged.
 */
@Provider
@Created
public class CreatedFilter implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() == Response.Status.OK.getStatusCode()) {
      response.setStatus(Response.Status.CREATED.getStatusCode());
    }
  }
}
