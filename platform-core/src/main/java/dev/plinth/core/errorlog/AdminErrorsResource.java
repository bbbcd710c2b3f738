package dev.plinth.core.errorlog;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.spi.web.Cursor;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The error log across all tenants, for platform admins: the list (paged back with {@code before},
 * bounded with {@code from} and {@code to}: see {@link ListWindow}), its groups by fingerprint, and
 * resolving an entry.
 */
@Path("admin/errors")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminErrorsResource {

  @Inject TenantAccess access;

  @Inject TenantService tenants;

  @Inject ScopedTransactions transactions;

  @Inject ErrorLogQueries queries;

  @Inject Clock clock;

  @GET
  public JsonObject list(
      @QueryParam("severity") String severity,
      @QueryParam("resolved") Boolean resolved,
      @QueryParam("tenant") String tenantSlug,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("category") String category,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") String before) {
    access.requireAdmin();
    UUID tenantId = access.filterTenantId(tenantSlug);
    ErrorLogQueries.Filter filter =
        ErrorLogQueries.Filter.of(severity, resolved, tenantId, limit, category, from, to, before);
    List<ErrorLogEntry> entries = transactions.inPlatform(() -> queries.list(filter));
    Map<UUID, String> slugs =
        tenants.slugs(
            entries.stream()
                .map(ErrorLogEntry::tenantId)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet()));
    JsonArrayBuilder items = Json.createArrayBuilder();
    entries.forEach(e -> items.add(e.toJson(slugs.get(e.tenantId()), true)));
    return page(items, entries, limit).build();
  }

  /**
   * {@code GET /api/admin/errors/groups}: the entries grouped by fingerprint, with the list's
   * filters but {@code before}.
   */
  @GET
  @Path("groups")
  public JsonObject groups(
      @QueryParam("severity") String severity,
      @QueryParam("category") String category,
      @QueryParam("resolved") Boolean resolved,
      @QueryParam("tenant") String tenantSlug,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    access.requireAdmin();
    UUID tenantId = access.filterTenantId(tenantSlug);
    ErrorLogQueries.Filter filter =
        ErrorLogQueries.Filter.of(severity, resolved, tenantId, limit, category, from, to, null);
    return Json.createObjectBuilder()
        .add("groups", transactions.inPlatform(() -> queries.groups(filter)))
        .build();
  }

  /**
   * {@code {"errors": items}}, with {@code "nextBefore"} when the page of {@code entries} is full.
   */
  public static JsonObjectBuilder page(
      JsonArrayBuilder items, List<ErrorLogEntry> entries, int limit) {
    ErrorLogEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
    return ListWindow.page(
        "errors",
        items,
        entries.size(),
        limit,
        last == null ? null : new Cursor(last.lastSeen(), last.id()));
  }

  @POST
  @Path("{id}/resolve")
  public JsonObject resolve(@PathParam("id") String id) {
    access.requireAdmin();
    UUID uuid = Ids.parse(id, "error-log entry");
    return transactions.inPlatform(
        () -> {
          ErrorLogEntry entry = queries.find(uuid);
          entry.resolve("admin", clock.instant());
          return entry.toJson(null, false);
        });
  }
}
