package dev.plinth.core.security;

import dev.plinth.core.errorlog.RequestInfo;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.users.UserSessions;
import dev.plinth.spi.web.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code Authorization: Bearer <token>}: the admin token, a tenant API key, an end user's
 * session token (a JWS; see {@link SessionTokens} and {@code UserSessions}), or nothing. A token
 * that is present but matches none is refused with 401 on every endpoint; a session token that
 * fails any check gets the same answer, whichever check it was. What each endpoint requires is
 * checked by the endpoint (see {@code TenantAccess}). It runs before matching, because the tenant
 * area's sub-resource locator runs during matching and needs the caller.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

  private static final String BEARER = "Bearer ";

  @Inject Caller caller;

  @Inject PlatformSecrets secrets;

  @Inject ScopedTransactions transactions;

  @Inject RequestInfo requestInfo;

  @Inject UserSessions sessions;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Override
  public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      requestInfo.user("anonymous");
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw ApiException.unauthorized("use Authorization: Bearer <token>");
    }
    String token = header.substring(BEARER.length()).trim();
    if (secrets.isAdminToken(token)) {
      caller.admin();
      requestInfo.user("admin");
      return;
    }
    Optional<ApiKeys.Presented> presented = ApiKeys.parse(token);
    if (presented.isPresent()) {
      Optional<Tenant> tenant = tenantByKey(presented.get());
      if (tenant.isPresent()) {
        caller.tenant(tenant.get().id());
        requestInfo.user("tenant:" + tenant.get().slug());
        return;
      }
    }
    if (SessionTokens.looksLikeJws(token)) {
      UserSessions.Authenticated user =
          sessions
              .authenticate(token)
              .orElseThrow(
                  () -> ApiException.unauthorized("the session token is not valid or has expired"));
      caller.user(user.tenantId(), user.user());
      // the tenant only: the log outlives an erasure, and a userRef may be personal data
      requestInfo.user("user:" + user.slug());
      return;
    }
    throw ApiException.unauthorized("the token is not valid");
  }

  private Optional<Tenant> tenantByKey(ApiKeys.Presented key) {
    List<Tenant> found =
        transactions.inPlatform(
            () ->
                em.createNamedQuery("Tenant.findByApiKeyId", Tenant.class)
                    .setParameter("apiKeyId", key.id())
                    .getResultList());
    return found.stream().filter(t -> ApiKeys.matches(key, t.apiKeyHash())).findFirst();
  }
}
