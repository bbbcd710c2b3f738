package dev.plinth.core.vertical;

import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.Panel;
import dev.plinth.spi.PlinthVertical;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/tenants/{slug}/panels}: the figures and tables that the tenant's vertical shows
 * about it ({@link PlinthVertical#panels()}), for the tenant and for admins. The consoles lay them
 * out; this is their data.
 */
@Path("tenants/{slug}/panels")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PanelsResource {

  @Inject TenantAccess access;

  @Inject VerticalRegistry verticals;

  @Inject ScopedTransactions transactions;

  /** The answer: JSON-B writes the panels' records as they are. */
  public record Panels(String tenant, String vertical, List<Panel> panels) {}

  @GET
  public Panels panels(@PathParam("slug") String slug) {
    Tenant tenant = access.requireOwnerOf(slug);
    PlinthVertical vertical = verticals.find(tenant.vertical()).orElseThrow();
    access.bindCaller(tenant);
    return new Panels(
        tenant.slug(),
        vertical.id(),
        transactions.inTenant(tenant.id(), tenant.vertical(), vertical::panels));
  }
}
