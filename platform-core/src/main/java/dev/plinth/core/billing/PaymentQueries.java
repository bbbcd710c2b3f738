package dev.plinth.core.billing;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.spi.web.Cursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a tenant's payments from {@code core.payments}, always in that tenant's own scope, so that
 * row-level security admits no other tenant's.
 */
@ApplicationScoped
public class PaymentQueries {

  private static final String COLUMNS =
      "id, payment_intent_id, checkout_session_id, stripe_customer_id, amount, amount_refunded,"
          + " currency, status, created_at, updated_at";

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  /** The tenant's newest {@code limit} payments, newest first. */
  public JsonArray latest(Tenant t, int limit) {
    return page(t, ListWindow.ALL, limit).build().getJsonArray("payments");
  }

  /**
   * A page of the tenant's payments, newest first (by creation, then id): {@code {"payments":
   * [...]}}, with {@code "nextBefore"} when the page is full (see {@link ListWindow}).
   */
  public JsonObjectBuilder page(Tenant t, ListWindow window, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM core.payments WHERE tenant_id = ?1");
    List<Object> params = new ArrayList<>(List.of(t.id()));
    window.appendConditions(sql, params, "created_at", "id");
    ListWindow.appendOrder(sql, params, "created_at", "id", limit);
    List<?> rows =
        transactions.inTenant(
            t.id(),
            t.vertical(),
            () -> {
              Query q = em.createNativeQuery(sql.toString());
              for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
              }
              return q.getResultList();
            });
    JsonArrayBuilder items = Json.createArrayBuilder();
    Cursor last = null;
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      items.add(json(r));
      last = new Cursor(SqlValues.instant(r[8]), (UUID) r[0]);
    }
    return ListWindow.page("payments", items, rows.size(), limit, last);
  }

  /** One of the tenant's payments, its columns in the order of {@code COLUMNS}. */
  Optional<Object[]> find(Tenant t, UUID id) {
    return select(t, "AND id = ?2", id).stream().findFirst();
  }

  /** The tenant's payments, in its own scope; {@code rest} uses {@code ?2} for {@code param}. */
  private List<Object[]> select(Tenant t, String rest, Object param) {
    List<?> rows =
        transactions.inTenant(
            t.id(),
            t.vertical(),
            () ->
                em.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM core.payments WHERE tenant_id = ?1 " + rest)
                    .setParameter(1, t.id())
                    .setParameter(2, param)
                    .getResultList());
    return rows.stream().map(r -> (Object[]) r).toList();
  }

  private static JsonObject json(Object[] r) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", r[0].toString())
            .add("paymentIntentId", (String) r[1])
            .add("amountRefunded", ((Number) r[5]).longValue())
            .add("status", (String) r[7])
            .add("createdAt", SqlValues.instant(r[8]).toString())
            .add("updatedAt", SqlValues.instant(r[9]).toString());
    if (r[2] != null) {
      b.add("checkoutSessionId", (String) r[2]);
    }
    if (r[3] != null) {
      b.add("customerId", (String) r[3]);
    }
    if (r[4] != null) {
      b.add("amount", ((Number) r[4]).longValue());
    }
    if (r[6] != null) {
      b.add("currency", (String) r[6]);
    }
    return b.build();
  }
}
