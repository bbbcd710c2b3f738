package dev.plinth.core.billing.events;

import static dev.plinth.core.billing.StripeJson.first;
import static dev.plinth.core.billing.StripeJson.idOf;
import static dev.plinth.core.billing.StripeJson.instant;
import static dev.plinth.core.billing.StripeJson.isTrue;
import static dev.plinth.core.billing.StripeJson.number;
import static dev.plinth.core.billing.StripeJson.object;
import static dev.plinth.core.billing.StripeJson.text;
import static dev.plinth.core.billing.StripeJson.textOrNull;

import dev.plinth.core.billing.StripeJson;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutAwaitingPayment;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.DisputeClosed;
import dev.plinth.spi.billing.PaymentEvent.DisputeOpened;
import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaid;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentEvent.SubscriptionChanged;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.billing.Subscription;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a verified Stripe event into the {@link PaymentEvent} a vertical listens to, with the
 * vertical it belongs to. An event of another type, or about an object that belongs to no checkout
 * of a vertical, translates to nothing.
 *
 * <ul>
 *   <li>{@code checkout.session.completed}: paid, or needing no payment (a free trial), is {@link
 *       CheckoutPaid}; unpaid (a delayed method such as a bank debit) is {@link
 *       CheckoutAwaitingPayment}. {@code async_payment_succeeded} is {@link CheckoutPaid}, {@code
 *       async_payment_failed} {@link CheckoutPaymentFailed}, {@code expired} {@link
 *       CheckoutExpired}.
 *   <li>{@code charge.refunded} is {@link PaymentRefunded} (Stripe also sends {@code
 *       refund.created} for the same refund; it is left out, so that a refund arrives once).
 *   <li>{@code charge.dispute.created} and {@code .closed} are {@link DisputeOpened} and {@link
 *       DisputeClosed}.
 *   <li>{@code customer.subscription.created}, {@code .updated} and {@code .deleted} are {@link
 *       SubscriptionChanged}, with the current period read from the subscription's item.
 *   <li>{@code invoice.paid} is {@link InvoicePaid} ({@code invoice.payment_succeeded}, sent for
 *       the same payment, is left out), {@code invoice.payment_failed} {@link
 *       InvoicePaymentFailed}.
 * </ul>
 *
 * <p>The owner comes from Plinth's {@code plinth_*} metadata on the object (a checkout session, the
 * charge of its payment intent, a subscription, an invoice's subscription details), or from the
 * {@link HostRecords} for objects that carry none (a dispute; a charge or invoice of an older
 * checkout).
 */
public final class PaymentEventTranslator {

  private PaymentEventTranslator() {}

  /** A translated event and the vertical it is for. */
  public record Translated(String vertical, PaymentEvent event) {}

  /**
   * The typed events (by {@link PaymentEvent} record name) that a Stripe event type can become:
   * what a listener must act on for the translation to be worth its lookups.
   */
  public static Set<String> eventsOf(String stripeType) {
    return switch (stripeType) {
      case "checkout.session.completed",
          "checkout.session.async_payment_succeeded",
          "checkout.session.async_payment_failed",
          "checkout.session.expired" ->
          Set.of(
              "CheckoutPaid",
              "CheckoutAwaitingPayment",
              "CheckoutPaymentFailed",
              "CheckoutExpired");
      case "charge.refunded" -> Set.of("PaymentRefunded");
      case "charge.dispute.created" -> Set.of("DisputeOpened");
      case "charge.dispute.closed" -> Set.of("DisputeClosed");
      case "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted" ->
          Set.of("SubscriptionChanged");
      case "invoice.paid" -> Set.of("InvoicePaid");
      case "invoice.payment_failed" -> Set.of("InvoicePaymentFailed");
      default -> Set.of();
    };
  }

  public static Optional<Translated> translate(StripeEvent e, HostRecords records) {
    return switch (e.type()) {
      case "checkout.session.completed",
          "checkout.session.async_payment_succeeded",
          "checkout.session.async_payment_failed",
          "checkout.session.expired" ->
          checkout(e, records);
      case "charge.refunded" -> refund(e, records);
      case "charge.dispute.created", "charge.dispute.closed" -> dispute(e, records);
      case "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted" ->
          subscription(e, records);
      case "invoice.paid", "invoice.payment_failed" -> invoice(e, records);
      default -> Optional.empty();
    };
  }

  private static Optional<Translated> checkout(StripeEvent e, HostRecords records) {
    JsonObject s = e.object();
    return checkoutOwner(s, records)
        .map(
            owner -> {
              Facts f =
                  facts(
                      e,
                      owner,
                      idOf(s, "payment_intent").orElse(null),
                      idOf(s, "customer").orElse(null),
                      StripeJson.checkoutEmail(s).orElse(null),
                      money(s, "amount_total"),
                      object(s, "metadata"));
              PaymentEvent event =
                  switch (e.type()) {
                    case "checkout.session.expired" -> new CheckoutExpired(f);
                    case "checkout.session.async_payment_failed" -> new CheckoutPaymentFailed(f);
                    case "checkout.session.completed" ->
                        "unpaid".equals(textOrNull(s, "payment_status"))
                            ? new CheckoutAwaitingPayment(f)
                            : new CheckoutPaid(f, idOf(s, "subscription").orElse(null));
                    default -> new CheckoutPaid(f, idOf(s, "subscription").orElse(null));
                  };
              return new Translated(owner.vertical(), event);
            });
  }

  private static Optional<Translated> refund(StripeEvent e, HostRecords records) {
    JsonObject c = e.object();
    String pi = idOf(c, "payment_intent").orElse(null);
    return paymentOwner(records, pi, textOrNull(c, "id"), c)
        .map(
            owner -> {
              JsonObject billing = object(c, "billing_details");
              Facts f =
                  facts(
                      e,
                      owner,
                      pi,
                      idOf(c, "customer").orElse(null),
                      text(billing, "email").or(() -> text(c, "receipt_email")).orElse(null),
                      money(c, "amount"),
                      object(c, "metadata"));
              Money refunded = money(c, "amount_refunded");
              return new Translated(
                  owner.vertical(), new PaymentRefunded(f, refunded, isTrue(c, "refunded")));
            });
  }

  private static Optional<Translated> dispute(StripeEvent e, HostRecords records) {
    JsonObject d = e.object();
    String pi = idOf(d, "payment_intent").orElse(null);
    return paymentOwner(records, pi, idOf(d, "charge").orElse(null), d)
        .map(
            owner -> {
              Facts f = facts(e, owner, pi, null, null, money(d, "amount"), null);
              String id = textOrNull(d, "id");
              String status = textOrNull(d, "status");
              PaymentEvent event =
                  e.type().equals("charge.dispute.created")
                      ? new DisputeOpened(f, id, textOrNull(d, "reason"))
                      : new DisputeClosed(f, id, status, StripeJson.disputeWon(status));
              return new Translated(owner.vertical(), event);
            });
  }

  /**
   * The owner of the event's object, whatever the event's type, by the same lookups as the typed
   * events: a checkout session, subscription or invoice as {@link #translate} finds it; a charge,
   * refund or dispute through the payment it belongs to; a payment intent by its metadata, else
   * through the checkout that took it. This is what ties a webhook event to a vertical's reference
   * in the logs. Any other object has no owner.
   */
  public static Optional<Owner> ownerOf(StripeEvent e, HostRecords records) {
    JsonObject o = e.object();
    String kind = textOrNull(o, "object");
    if (kind == null || textOrNull(o, "id") == null) {
      return Optional.empty();
    }
    return switch (kind) {
      case "checkout.session" -> checkoutOwner(o, records);
      case "payment_intent" ->
          Owner.fromMetadata(object(o, "metadata"), null)
              .or(() -> records.payment(textOrNull(o, "id"), null));
      case "charge" ->
          paymentOwner(records, idOf(o, "payment_intent").orElse(null), textOrNull(o, "id"), o);
      case "refund", "dispute" ->
          paymentOwner(
              records, idOf(o, "payment_intent").orElse(null), idOf(o, "charge").orElse(null), o);
      case "subscription" -> subscriptionOwner(o, records);
      case "invoice" -> invoiceOwner(o, records);
      default -> Optional.empty();
    };
  }

  /** A checkout session's owner: Plinth's metadata on it, else the host's record of it. */
  private static Optional<Owner> checkoutOwner(JsonObject s, HostRecords records) {
    String id = textOrNull(s, "id");
    return id == null
        ? Optional.empty()
        : Owner.fromMetadata(object(s, "metadata"), id).or(() -> records.checkout(id));
  }

  /** A subscription's owner: the host's records first, then the subscription's metadata. */
  private static Optional<Owner> subscriptionOwner(JsonObject s, HostRecords records) {
    String id = textOrNull(s, "id");
    return id == null
        ? Optional.empty()
        : records.subscription(id).or(() -> Owner.fromMetadata(object(s, "metadata"), null));
  }

  /** An invoice's owner: its subscription's, by the host's records or the details' metadata. */
  private static Optional<Owner> invoiceOwner(JsonObject in, HostRecords records) {
    JsonObject details = subscriptionDetails(in);
    return idOf(details, "subscription")
        .or(() -> idOf(in, "subscription"))
        .flatMap(
            id ->
                records
                    .subscription(id)
                    .or(() -> Owner.fromMetadata(object(details, "metadata"), null)));
  }

  /** Since API 2025-03-31 under {@code parent.subscription_details}; before, on the invoice. */
  private static JsonObject subscriptionDetails(JsonObject in) {
    return Optional.ofNullable(object(object(in, "parent"), "subscription_details"))
        .orElseGet(() -> object(in, "subscription_details"));
  }

  /** A payment's owner: the host's records of its checkout first, then the charge's metadata. */
  private static Optional<Owner> paymentOwner(
      HostRecords records, String paymentIntentId, String chargeId, JsonObject o) {
    return records
        .payment(paymentIntentId, chargeId)
        .or(() -> Owner.fromMetadata(object(o, "metadata"), null));
  }

  private static Optional<Translated> subscription(StripeEvent e, HostRecords records) {
    JsonObject s = e.object();
    return subscriptionOwner(s, records)
        .map(
            owner -> {
              Facts f =
                  facts(e, owner, null, idOf(s, "customer").orElse(null), null, null, metadata(s));
              return new Translated(
                  owner.vertical(), new SubscriptionChanged(f, subscription(s, owner.reference())));
            });
  }

  /**
   * A subscription as a vertical sees it. Since API 2025-03-31 the current period is on the
   * subscription's items; an older rendering's period on the subscription itself is the fallback.
   */
  public static Subscription subscription(JsonObject s, String reference) {
    JsonObject item = first(s, "items");
    JsonObject price = object(item, "price");
    return new Subscription(
        textOrNull(s, "id"),
        idOf(s, "customer").orElse(null),
        textOrNull(s, "status"),
        price != null ? textOrNull(price, "id") : idOf(item, "price").orElse(null),
        Optional.ofNullable(instant(item, "current_period_start"))
            .orElseGet(() -> instant(s, "current_period_start")),
        Optional.ofNullable(instant(item, "current_period_end"))
            .orElseGet(() -> instant(s, "current_period_end")),
        isTrue(s, "cancel_at_period_end"),
        reference,
        withoutPlinthKeys(object(s, "metadata")));
  }

  private static Optional<Translated> invoice(StripeEvent e, HostRecords records) {
    JsonObject in = e.object();
    JsonObject details = subscriptionDetails(in);
    String subscriptionId =
        idOf(details, "subscription").or(() -> idOf(in, "subscription")).orElse(null);
    JsonObject metadata = object(details, "metadata");
    return invoiceOwner(in, records)
        .map(
            owner -> {
              boolean paid = e.type().equals("invoice.paid");
              Facts f =
                  facts(
                      e,
                      owner,
                      idOf(in, "payment_intent").or(() -> invoicePaymentIntent(in)).orElse(null),
                      idOf(in, "customer").orElse(null),
                      textOrNull(in, "customer_email"),
                      money(in, paid ? "amount_paid" : "amount_due"),
                      metadata);
              String id = textOrNull(in, "id");
              PaymentEvent event =
                  paid
                      ? new InvoicePaid(f, id, subscriptionId)
                      : new InvoicePaymentFailed(
                          f,
                          id,
                          subscriptionId,
                          Optional.ofNullable(number(in, "attempt_count"))
                              .map(Long::intValue)
                              .orElse(0),
                          instant(in, "next_payment_attempt"));
              return new Translated(owner.vertical(), event);
            });
  }

  /**
   * Since API 2025-03-31 an invoice has no {@code payment_intent}: its payments are in {@code
   * payments.data[].payment.payment_intent}. The first that is not canceled is taken.
   */
  public static Optional<String> invoicePaymentIntent(JsonObject invoice) {
    JsonObject payments = object(invoice, "payments");
    if (payments != null && payments.get("data") instanceof jakarta.json.JsonArray data) {
      for (var v : data) {
        if (v instanceof JsonObject p && !"canceled".equals(textOrNull(p, "status"))) {
          Optional<String> pi = idOf(object(p, "payment"), "payment_intent");
          if (pi.isPresent()) {
            return pi;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Facts facts(
      StripeEvent e,
      Owner owner,
      String paymentIntentId,
      String customerId,
      String email,
      Money amount,
      JsonObject metadata) {
    return new Facts(
        e.id(),
        e.created(),
        owner.reference(),
        owner.checkoutSessionId(),
        paymentIntentId,
        customerId,
        email,
        amount,
        e.account().orElse(null),
        withoutPlinthKeys(metadata));
  }

  private static JsonObject metadata(JsonObject o) {
    return object(o, "metadata");
  }

  /** An amount in minor units with the object's currency, or null if either is missing. */
  private static Money money(JsonObject o, String amountField) {
    Long amount = number(o, amountField);
    String currency = textOrNull(o, "currency");
    return amount == null || currency == null || currency.isBlank()
        ? null
        : new Money(amount, currency);
  }

  /** The vertical's own metadata: Plinth's {@code plinth_*} keys removed. */
  static Map<String, String> withoutPlinthKeys(JsonObject metadata) {
    Map<String, String> m = StripeJson.strings(metadata);
    m.keySet().removeIf(k -> k.startsWith("plinth_"));
    return m;
  }
}
