package dev.plinth.core.billing;

import static dev.plinth.core.billing.StripeJson.idOf;
import static dev.plinth.core.billing.StripeJson.isTrue;
import static dev.plinth.core.billing.StripeJson.number;
import static dev.plinth.core.billing.StripeJson.object;
import static dev.plinth.core.billing.StripeJson.text;

import dev.plinth.core.billing.events.Owner;
import dev.plinth.core.billing.events.PaymentEventTranslator;
import dev.plinth.core.errorlog.Category;
import dev.plinth.core.errorlog.ErrorLog;
import dev.plinth.spi.Severity;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.billing.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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

  @Inject ConnectedAccounts connectedAccounts;

  @Inject ErrorLog errorLog;

  /** Applies the event; returns whether the core handles its type. */
  public boolean handle(StripeEvent event, UUID tenantId, String vertical) {
    String type = event.type();
    JsonObject o = event.object();
    Instant at = event.created();
    if (type.equals("account.updated") && event.account().isPresent()) {
      // what Stripe now says of one of the tenant's connected accounts (an event's account is
      // trusted only from a Connect intake); a pending one that can take charges is bound
      String account = event.account().get();
      boolean enabled = isTrue(o, "charges_enabled");
      connectedAccounts.chargesEnabled(tenantId, account, enabled, at);
      if (enabled) {
        connectedAccounts.boundByStripe(tenantId, account);
      }
      return true;
    }
    if (type.equals("account.application.deauthorized") && event.account().isPresent()) {
      String account = event.account().get();
      if (connectedAccounts.deauthorized(tenantId, account)) {
        errorLog.record(
            Severity.WARNING,
            Category.billing,
            "connected account "
                + account
                + " left the tenant's Stripe platform (deauthorized); it takes no new checkouts",
            null);
      }
      return true;
    }
    if (sessions.handles(type)) {
      sessions.handle(event, tenantId, vertical);
      JsonObject details = object(o, "customer_details");
      customer(tenantId, idOf(o, "customer"), details, at);
      idOf(o, "payment_intent")
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
                          "stripe_customer_id", idOf(o, "customer").orElse(null),
                          "checkout_session_id", text(o, "id").orElse(null)),
                      event));
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
                          "stripe_customer_id", idOf(o, "customer").orElse(null),
                          "charge_id", idOf(o, "latest_charge").orElse(null)),
                      event));
      return true;
    }
    if (type.equals("charge.refunded")) {
      boolean full = isTrue(o, "refunded");
      String key = idOf(o, "payment_intent").or(() -> text(o, "id")).orElseThrow();
      payment(
          tenantId,
          key,
          full ? "refunded" : "partially_refunded",
          map(
              "amount_refunded", number(o, "amount_refunded"),
              "amount", number(o, "amount"),
              "currency", text(o, "currency").orElse(null),
              "charge_id", text(o, "id").orElse(null)),
          event);
      return true;
    }
    if (type.startsWith("charge.dispute.")) {
      String status =
          type.equals("charge.dispute.closed")
              ? (StripeJson.disputeWon(text(o, "status").orElse(null))
                  ? "succeeded"
                  : "dispute_lost")
              : "disputed";
      idOf(o, "payment_intent")
          .or(() -> idOf(o, "charge"))
          .ifPresent(key -> payment(tenantId, key, status, Map.of(), event));
      return true;
    }
    if (type.startsWith("customer.subscription.")) {
      Owner owner = Owner.fromMetadata(object(o, "metadata"), null).orElse(null);
      Subscription s =
          PaymentEventTranslator.subscription(o, owner == null ? null : owner.reference());
      records.upsert(
          "subscriptions",
          tenantId,
          "stripe_subscription_id",
          s.id(),
          map(
              "status",
              type.equals("customer.subscription.deleted")
                  ? "canceled"
                  : Optional.ofNullable(s.status()).orElse("incomplete"),
              "stripe_customer_id",
              s.customerId(),
              "price_id",
              s.priceId(),
              "current_period_start",
              s.currentPeriodStart(),
              "current_period_end",
              s.currentPeriodEnd(),
              "cancel_at_period_end",
              s.cancelAtPeriodEnd(),
              "vertical",
              owner == null ? null : owner.vertical(),
              "reference",
              s.reference()),
          at);
      customer(tenantId, idOf(o, "customer"), null, at);
      return true;
    }
    if (type.startsWith("invoice.")) {
      customer(tenantId, idOf(o, "customer"), null, at);
      if (type.equals("invoice.paid") || type.equals("invoice.payment_succeeded")) {
        idOf(o, "payment_intent")
            .or(() -> PaymentEventTranslator.invoicePaymentIntent(o))
            .ifPresent(
                pi ->
                    payment(
                        tenantId,
                        pi,
                        "succeeded",
                        map(
                            "amount", number(o, "amount_paid"),
                            "currency", text(o, "currency").orElse(null),
                            "stripe_customer_id", idOf(o, "customer").orElse(null)),
                        event));
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
      UUID tenantId, String pi, String status, Map<String, Object> values, StripeEvent event) {
    Map<String, Object> all = new HashMap<>(values);
    all.put("status", status);
    // a direct charge lives on the connected account its Connect event names (an ordinary
    // endpoint's delivery names none: the event processor drops its account)
    all.put("stripe_account", event.account().orElse(null));
    records.upsert("payments", tenantId, "payment_intent_id", pi, all, event.created());
  }

  /** A map that allows null values (they are skipped when written). */
  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
