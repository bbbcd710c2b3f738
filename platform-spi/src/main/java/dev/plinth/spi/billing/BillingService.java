package dev.plinth.spi.billing;

import dev.plinth.spi.web.ApiException;
import java.util.Optional;

/**
 * Stripe billing for the current tenant, through its own Stripe account (direct mode) or the
 * platform's on its behalf (Connect). Inject it; every call acts for the bound tenant and vertical.
 * Stripe's errors surface as {@link ApiException} 502 {@code stripe_error}.
 */
public interface BillingService {

  /**
   * Creates a Checkout Session. Its metadata always carries {@code plinth_tenant}, {@code
   * plinth_vertical} and {@code plinth_reference}. The request is sent with an idempotency key
   * derived from the tenant, vertical, reference and parameters, so a retried call returns the same
   * session rather than a second one. The session is recorded and kept current by webhooks.
   *
   * <p>The return URLs must lead under {@code PLINTH_PUBLIC_URL} or to an origin on the tenant's
   * redirect allow-list; any other is refused with 400 {@code invalid_request} naming the field
   * {@code successUrl} or {@code cancelUrl}, before Stripe is asked. A vertical that takes these
   * URLs from its callers takes them under those JSON names and passes them on unchecked.
   */
  CheckoutSession createCheckout(CheckoutRequest request);

  /**
   * Checkout with compensation: records the vertical's intent ({@link CheckoutIntent#record()}),
   * creates the session ({@link #createCheckout}) with no transaction open, and attaches it ({@link
   * CheckoutIntent#attach}). If Stripe fails, the intent is compensated ({@link
   * CheckoutIntent#compensate}) and Stripe's error passes on as 502 {@code stripe_error}; if
   * attaching fails, the new session is expired first, so that nothing can be paid that the
   * vertical does not know of. A refusal from {@code record()} passes on unchanged.
   */
  default <T> CheckoutIntent.Started<T> checkout(CheckoutIntent<T> intent) {
    T recorded = intent.record();
    CheckoutSession session;
    try {
      session = createCheckout(intent.request(recorded));
    } catch (RuntimeException e) {
      compensate(intent, recorded, e);
      throw e;
    }
    try {
      intent.attach(recorded, session);
    } catch (RuntimeException e) {
      // nothing may be paid that the vertical does not know of
      try {
        expireCheckout(session.id());
      } catch (RuntimeException expireFailed) {
        e.addSuppressed(expireFailed);
      }
      compensate(intent, recorded, e);
      throw e;
    }
    return new CheckoutIntent.Started<>(recorded, session);
  }

  private static <T> void compensate(CheckoutIntent<T> intent, T recorded, RuntimeException cause) {
    try {
      intent.compensate(recorded);
    } catch (RuntimeException failed) {
      cause.addSuppressed(failed);
    }
  }

  /** Expires an open session, so it can no longer be paid. */
  void expireCheckout(String sessionId);

  /**
   * Expires a session that may have been paid or expired meanwhile, such as one whose hold ran out:
   * if Stripe refuses, the refusal is noted at INFO in the tenant's error log rather than thrown,
   * since the session's own event will say what became of it; any other failure (Stripe out of
   * reach) is an error-log entry, and is not thrown either.
   */
  void expireCheckoutIfOpen(String sessionId);

  /**
   * Refunds a payment, in full ({@code amount} null) or in part, and returns Stripe's refund id.
   * {@code reference} names why (a reservation id, say): the same payment, amount and reference
   * refund only once, so a handler that runs again cannot refund twice.
   */
  String refund(String paymentIntentId, Long amount, String reference);

  /**
   * Refunds in full the payment that a paid checkout's event names ({@link #refund}, with {@code
   * reference}), and returns Stripe's refund id.
   *
   * @throws IllegalStateException if the event names no payment, as a paid checkout's always does
   */
  default String refundInFull(PaymentEvent.Facts paid, String reference) {
    if (paid.paymentIntentId() == null) {
      throw new IllegalStateException(
          "a paid session without a payment intent: " + paid.checkoutSessionId());
    }
    return refund(paid.paymentIntentId(), null, reference);
  }

  /**
   * Whether the payment has been refunded in full, as far as Stripe's events have told. Events
   * arrive in any order: a handler that is told of a payment can ask whether its refund came first.
   */
  boolean isRefunded(String paymentIntentId);

  /**
   * A subscription's current state, read from Stripe.
   *
   * @throws ApiException 404 {@code not_found} if the tenant's Stripe account has no such
   *     subscription, or it is not one of this vertical's
   */
  Subscription subscription(String subscriptionId);

  /**
   * Cancels a subscription of this vertical: at once ({@code atPeriodEnd} false; Stripe sends
   * {@code customer.subscription.deleted}), or when the paid period ends ({@code
   * cancel_at_period_end}; it can be undone with {@link #resumeSubscription}). Returns the new
   * state.
   */
  Subscription cancelSubscription(String subscriptionId, boolean atPeriodEnd);

  /** Undoes a cancellation at period end, before the period ends. Returns the new state. */
  Subscription resumeSubscription(String subscriptionId);

  /**
   * Moves a subscription of this vertical to another price (an upgrade or a downgrade), with
   * Stripe's prorations for the rest of the period. Returns the new state.
   */
  Subscription changePrice(String subscriptionId, String priceId);

  /**
   * Creates a recurring price on the tenant's Stripe account, for plans a vertical provisions, and
   * returns its id ({@code price_...}). The same {@code lookupKey} returns the same price when
   * asked again.
   *
   * @param lookupKey the vertical's name for the price, such as {@code analyses-pro}
   * @param productName what the customer sees, such as "Pro"
   * @param amount per interval
   * @param interval {@code month} or {@code year}
   */
  String createRecurringPrice(String lookupKey, String productName, Money amount, String interval);

  /**
   * A Stripe billing-portal session where a customer manages their card, invoices and subscription;
   * returns its URL. {@code returnUrl} must pass the same checks as a checkout's return URLs (400
   * {@code invalid_request} naming {@code returnUrl} otherwise).
   */
  String billingPortalUrl(String customerId, String returnUrl);

  /**
   * One of the tenant's connected accounts, if {@code accountId} is bound to this tenant; empty for
   * an account bound to another tenant or to none, so that a caller who names an account proves
   * nothing by naming it.
   */
  Optional<ConnectedAccount> connectedAccount(String accountId);
}
