package dev.plinth.core.vertical;

import dev.plinth.core.security.Caller;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.Panel;
import dev.plinth.spi.PlinthVertical;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
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

  @Inject Caller caller;

  @Inject CurrentTenant currentTenant;

  @Inject VerticalRegistry verticals;

  @Inject ScopedTransactions transactions;

  @GET
  public JsonObject panels(@PathParam("slug") String slug) {
    Tenant tenant = access.requireOwnerOf(slug);
    PlinthVertical vertical = verticals.find(tenant.vertical()).orElseThrow();
    currentTenant.bind(
        tenant.id(), tenant.slug(), tenant.vertical(), tenant.ownerEmail(), caller.actor());
    List<Panel> panels = transactions.inTenant(tenant.id(), tenant.vertical(), vertical::panels);
    JsonArrayBuilder out = Json.createArrayBuilder();
    panels.forEach(p -> out.add(toJson(p)));
    return Json.createObjectBuilder()
        .add("tenant", tenant.slug())
        .add("vertical", vertical.id())
        .add("panels", out)
        .build();
  }

  static JsonObject toJson(Panel p) {
    JsonArrayBuilder figures = Json.createArrayBuilder();
    for (Panel.Figure f : p.figures()) {
      var b = Json.createObjectBuilder().add("label", f.label()).add("value", f.value());
      figures.add(f.unit() == null ? b.addNull("unit") : b.add("unit", f.unit()));
    }
    JsonArrayBuilder tables = Json.createArrayBuilder();
    for (Panel.Table t : p.tables()) {
      JsonArrayBuilder rows = Json.createArrayBuilder();
      t.rows().forEach(r -> rows.add(Json.createArrayBuilder(r)));
      tables.add(
          Json.createObjectBuilder()
              .add("title", t.title())
              .add("columns", Json.createArrayBuilder(t.columns()))
              .add("rows", rows));
    }
    return Json.createObjectBuilder()
        .add("id", p.id())
        .add("title", p.title())
        .add("figures", figures)
        .add("tables", tables)
        .build();
  }
}
