package dev.plinth.spi.billing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What Stripe told about a vertical's checkout, payment or subscription, already read from Stripe's
 * objects: a vertical never parses Stripe's JSON. The host delivers them to the vertical's {@link
 * PaymentListener}.
 */
public sealed interface PaymentEvent {

  /** What every payment event carries. */
  Facts facts();

  /** The vertical's reference that the checkout carried ({@link CheckoutRequest#reference()}). */
  default String reference() {
    return facts().reference();
  }

  /** When Stripe created the event: the order to apply events in. */
  default Instant created() {
    return facts().created();
  }

  /**
   * What every payment event carries; fields Stripe's object does not name are null.
   *
   * @param eventId Stripe's event id ({@code evt_...}), unique per event
   * @param created when Stripe created the event
   * @param reference the vertical's reference from the checkout (for a refund or dispute, from the
   *     checkout that took the payment; for an invoice, from the subscription's checkout)
   * @param checkoutSessionId the checkout session ({@code cs_...})
   * @param paymentIntentId the payment ({@code pi_...})
   * @param customerId the Stripe customer ({@code cus_...})
   * @param email the payer's email as Stripe has it (what they typed at checkout, or the
   *     customer's); it is the payer's claim, not proof of who they are
   * @param amount what the object is about: the session's total, the charge, the dispute or the
   *     invoice
   * @param account the connected account ({@code acct_...}) for a Connect event, else null
   * @param metadata the vertical's own metadata from the checkout ({@code plinth_} keys removed)
   */
  record Facts(
      String eventId,
      Instant created,
      String reference,
      String checkoutSessionId,
      String paymentIntentId,
      String customerId,
      String email,
      Money amount,
      String account,
      Map<String, String> metadata) {

    public Facts {
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
  }

  /**
   * A checkout was paid: at once, or later when a delayed payment method (a bank debit) succeeded.
   *
   * @param subscriptionId the subscription it started, for a subscription checkout; else null
   */
  record CheckoutPaid(Facts facts, String subscriptionId) implements PaymentEvent {}

  /**
   * A checkout was completed with a delayed payment method: the money has not arrived, and either
   * {@link CheckoutPaid} or {@link CheckoutPaymentFailed} follows, days later.
   */
  record CheckoutAwaitingPayment(Facts facts) implements PaymentEvent {}

  /** A delayed payment of a completed checkout failed: nothing was paid. */
  record CheckoutPaymentFailed(Facts facts) implements PaymentEvent {}

  /** A checkout expired unpaid. */
  record CheckoutExpired(Facts facts) implements PaymentEvent {}

  /**
   * Money of a payment went back to the payer.
   *
   * @param refunded how much has been refunded in all, so far ({@link Facts#amount()} is what was
   *     charged)
   * @param full whether the whole payment is now refunded
   */
  record PaymentRefunded(Facts facts, Money refunded, boolean full) implements PaymentEvent {

    /**
     * The payment intent that is now refunded in full; empty for a partial refund, and for a
     * payment without a payment intent.
     */
    public Optional<String> refundedInFull() {
      return full ? Optional.ofNullable(facts.paymentIntentId()) : Optional.empty();
    }
  }

  /**
   * The payer's bank disputed a payment; the money is held back until the dispute closes.
   *
   * @param disputeId {@code dp_...}
   * @param reason Stripe's reason, such as {@code fraudulent}
   */
  record DisputeOpened(Facts facts, String disputeId, String reason) implements PaymentEvent {}

  /**
   * A dispute ended.
   *
   * @param disputeId {@code dp_...}
   * @param status Stripe's final status, such as {@code won} or {@code lost}
   * @param won whether the tenant kept the money
   */
  record DisputeClosed(Facts facts, String disputeId, String status, boolean won)
      implements PaymentEvent {}

  /**
   * A subscription was created, changed (price, status, period, cancellation) or ended.
   *
   * @param subscription its state as the event tells it
   */
  record SubscriptionChanged(Facts facts, Subscription subscription) implements PaymentEvent {}

  /**
   * An invoice of a subscription was paid: the first one, or a renewal.
   *
   * @param invoiceId {@code in_...}
   * @param subscriptionId the subscription it bills
   */
  record InvoicePaid(Facts facts, String invoiceId, String subscriptionId)
      implements PaymentEvent {}

  /**
   * Paying an invoice of a subscription failed; Stripe retries on its own schedule.
   *
   * @param invoiceId {@code in_...}
   * @param subscriptionId the subscription it bills
   * @param attemptCount how many times Stripe has tried
   * @param nextAttempt when Stripe tries again, or null if it will not
   */
  record InvoicePaymentFailed(
      Facts facts, String invoiceId, String subscriptionId, int attemptCount, Instant nextAttempt)
      implements PaymentEvent {}
}
