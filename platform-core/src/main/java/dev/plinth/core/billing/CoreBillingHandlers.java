package dev.plinth.core.billing;

import dev.plinth.spi.billing.StripeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The core's own billing handlers, run for every tenant before its vertical's handler, in the same
 * transaction: checkout sessions, customers, payments (with refunds and disputes) and
 * subscriptions. Each write is order-safe (see {@link BillingRecords}).
 */
@ApplicationScoped
public class CoreBillingHandlers {

  @Inject CheckoutSessionHandler sessions;

  @Inject BillingRecords records;

  /** Applies the event; returns whether the core handles its type. */
  public boolean handle(StripeEvent event, UUID tenantId, String vertical) {
    String type = event.type();
    JsonObject o = event.object();
    Instant at = event.created();
    if (sessions.handles(type)) {
      sessions.handle(event, tenantId, vertical);
      JsonObject details = o.get("customer_details") instanceof JsonObject d ? d : null;
      customer(tenantId, idOf(o.get("customer")), details, at);
      idOf(o.get("payment_intent"))
          .filter(pi -> "paid".equals(text(o, "payment_status").orElse(null)))
          .ifPresent(
              pi ->
                  payment(
                      tenantId,
                      pi,
                      "succeeded",
                      map(
                          "amount", number(o, "amount_total"),
                          "currency", text(o, "currency").orElse(null),
                          "stripe_customer_id", idOf(o.get("customer")).orElse(null),
                          "checkout_session_id", text(o, "id").orElse(null)),
                      at));
      return true;
    }
    if (type.startsWith("payment_intent.")) {
      String status =
          switch (type) {
            case "payment_intent.succeeded" -> "succeeded";
            case "payment_intent.payment_failed" -> "failed";
            case "payment_intent.canceled" -> "canceled";
            default -> text(o, "status").orElse("processing");
          };
      text(o, "id")
          .ifPresent(
              pi ->
                  payment(
                      tenantId,
                      pi,
                      status,
                      map(
                          "amount", number(o, "amount"),
                          "currency", text(o, "currency").orElse(null),
                          "stripe_customer_id", idOf(o.get("customer")).orElse(null),
                          "charge_id", idOf(o.get("latest_charge")).orElse(null)),
                      at));
      return true;
    }
    if (type.equals("charge.refunded")) {
      boolean full = o.get("refunded") == JsonValue.TRUE;
      String key = idOf(o.get("payment_intent")).or(() -> text(o, "id")).orElseThrow();
      payment(
          tenantId,
          key,
          full ? "refunded" : "partially_refunded",
          map(
              "amount_refunded", number(o, "amount_refunded"),
              "amount", number(o, "amount"),
              "currency", text(o, "currency").orElse(null),
              "charge_id", text(o, "id").orElse(null)),
          at);
      return true;
    }
    if (type.startsWith("charge.dispute.")) {
      String status =
          type.equals("charge.dispute.closed")
              ? ("won".equals(text(o, "status").orElse(null)) ? "succeeded" : "dispute_lost")
              : "disputed";
      idOf(o.get("payment_intent"))
          .or(() -> idOf(o.get("charge")))
          .ifPresent(key -> payment(tenantId, key, status, Map.of(), at));
      return true;
    }
    if (type.startsWith("customer.subscription.")) {
      String status =
          type.equals("customer.subscription.deleted")
              ? "canceled"
              : text(o, "status").orElse("incomplete");
      JsonObject item = firstItem(o);
      Object periodEnd =
          number(o, "current_period_end") != null
              ? number(o, "current_period_end")
              : item == null ? null : number(item, "current_period_end");
      records.upsert(
          "subscriptions",
          tenantId,
          "stripe_subscription_id",
          text(o, "id").orElseThrow(),
          map(
              "status",
              status,
              "stripe_customer_id",
              idOf(o.get("customer")).orElse(null),
              "price_id",
              item != null && item.get("price") instanceof JsonObject p
                  ? text(p, "id").orElse(null)
                  : null,
              "current_period_end",
              periodEnd == null ? null : Instant.ofEpochSecond(((Number) periodEnd).longValue()),
              "cancel_at_period_end",
              o.get("cancel_at_period_end") == JsonValue.TRUE),
          at);
      customer(tenantId, idOf(o.get("customer")), null, at);
      return true;
    }
    if (type.startsWith("invoice.")) {
      customer(tenantId, idOf(o.get("customer")), null, at);
      if (type.equals("invoice.paid") || type.equals("invoice.payment_succeeded")) {
        idOf(o.get("payment_intent"))
            .or(() -> invoicePaymentIntent(o))
            .ifPresent(
                pi ->
                    payment(
                        tenantId,
                        pi,
                        "succeeded",
                        map(
                            "amount", number(o, "amount_paid"),
                            "currency", text(o, "currency").orElse(null),
                            "stripe_customer_id", idOf(o.get("customer")).orElse(null)),
                        at));
      }
      return true;
    }
    if (type.equals("customer.created") || type.equals("customer.updated")) {
      customer(tenantId, text(o, "id"), o, at);
      return true;
    }
    return false;
  }

  private void customer(UUID tenantId, Optional<String> id, JsonObject details, Instant at) {
    id.ifPresent(
        c ->
            records.upsert(
                "customers",
                tenantId,
                "stripe_customer_id",
                c,
                map(
                    "email", details == null ? null : text(details, "email").orElse(null),
                    "name", details == null ? null : text(details, "name").orElse(null)),
                at));
  }

  private void payment(
      UUID tenantId, String pi, String status, Map<String, Object> values, Instant at) {
    Map<String, Object> all = new HashMap<>(values);
    all.put("status", status);
    records.upsert("payments", tenantId, "payment_intent_id", pi, all, at);
  }

  /**
   * Since Stripe's API 2025-03-31 an invoice has no {@code payment_intent}: its payments are in
   * {@code payments.data[].payment.payment_intent}. The paid one is taken.
   */
  static Optional<String> invoicePaymentIntent(JsonObject invoice) {
    if (invoice.get("payments") instanceof JsonObject payments
        && payments.get("data") instanceof JsonArray data) {
      for (JsonValue v : data) {
        if (v instanceof JsonObject p
            && !"canceled".equals(text(p, "status").orElse(null))
            && p.get("payment") instanceof JsonObject payment) {
          Optional<String> pi = idOf(payment.get("payment_intent"));
          if (pi.isPresent()) {
            return pi;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static JsonObject firstItem(JsonObject subscription) {
    if (subscription.get("items") instanceof JsonObject items
        && items.get("data") instanceof JsonArray data
        && !data.isEmpty()
        && data.get(0) instanceof JsonObject first) {
      return first;
    }
    return null;
  }

  /** A map that allows null values (they are skipped when written). */
  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Long number(JsonObject o, String name) {
    return o.get(name) instanceof JsonNumber n ? n.longValue() : null;
  }

  private static Optional<String> idOf(JsonValue v) {
    if (v instanceof JsonString s) {
      return Optional.of(s.getString());
    }
    if (v instanceof JsonObject o) {
      return text(o, "id");
    }
    return Optional.empty();
  }

  private static Optional<String> text(JsonObject o, String name) {
    return o.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
  }
}
