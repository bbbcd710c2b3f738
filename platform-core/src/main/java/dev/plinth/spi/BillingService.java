package dev.plinth.spi;

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

  /** Expires an open session, so it can no longer be paid. */
  void expireCheckout(String sessionId);

  /**
   * Refunds a payment, in full ({@code amount} null) or in part, and returns Stripe's refund id.
   * {@code reference} names why (a reservation id, say): the same payment, amount and reference
   * refund only once, so a handler that runs again cannot refund twice.
   */
  String refund(String paymentIntentId, Long amount, String reference);

  /**
   * Whether the payment has been refunded in full, as far as Stripe's events have told. Events
   * arrive in any order: a handler that is told of a payment can ask whether its refund came first.
   */
  boolean isRefunded(String paymentIntentId);
}
