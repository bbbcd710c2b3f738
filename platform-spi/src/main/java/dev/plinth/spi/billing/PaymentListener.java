package dev.plinth.spi.billing;

import dev.plinth.spi.billing.PaymentEvent.CheckoutAwaitingPayment;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.DisputeClosed;
import dev.plinth.spi.billing.PaymentEvent.DisputeOpened;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaid;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentEvent.SubscriptionChanged;

/**
 * A vertical's payment events. Override the methods for the events the vertical acts on; the others
 * do nothing. {@code GET /api/verticals} lists, as a vertical's {@code eventTypes}, the events
 * whose methods it overrides, by the names of their {@link PaymentEvent} records ({@code
 * CheckoutPaid}), beside the raw types of {@code PlinthVertical.eventHandlers()}.
 *
 * <p><b>What the host guarantees.</b>
 *
 * <ul>
 *   <li>Only the vertical's own events arrive: those of checkouts it created through {@link
 *       BillingService}, of the payments they took, and of the subscriptions they started, for the
 *       tenant bound in the {@code TenantContext}.
 *   <li>Each Stripe fact arrives as one event type: a refund as {@link
 *       PaymentEvent.PaymentRefunded} (from {@code charge.refunded}, not also {@code
 *       refund.created}), a paid invoice as {@link PaymentEvent.InvoicePaid} (from {@code
 *       invoice.paid}, not also {@code invoice.payment_succeeded}).
 *   <li>The method runs inside the transaction that records the Stripe event as processed, scoped
 *       to the tenant, after the host's own billing records are updated. Throwing rolls all of it
 *       back and the event is retried later (see the retry schedule); after the last retry it is
 *       dead and an admin can replay it.
 *   <li>A Stripe event that was processed is not processed again: Stripe's retries and duplicate
 *       deliveries of the same event id are dropped at intake.
 * </ul>
 *
 * <p><b>What it does not.</b>
 *
 * <ul>
 *   <li>Order: Stripe sends events in no particular order, and a retried one can come after a later
 *       one. Compare {@link PaymentEvent#created()} with what was last applied, or make the change
 *       a one-way move (pending to paid, never back).
 *   <li>Uniqueness of the fact: the same fact can come in more than one event (an admin replay of a
 *       dead event that a later attempt processed; a checkout paid both at completion and, for some
 *       payment methods, again as an asynchronous success). Every method must be idempotent: doing
 *       it twice must leave what doing it once did.
 * </ul>
 */
public interface PaymentListener {

  default void checkoutPaid(CheckoutPaid event) {}

  default void checkoutAwaitingPayment(CheckoutAwaitingPayment event) {}

  default void checkoutPaymentFailed(CheckoutPaymentFailed event) {}

  default void checkoutExpired(CheckoutExpired event) {}

  default void paymentRefunded(PaymentRefunded event) {}

  default void disputeOpened(DisputeOpened event) {}

  default void disputeClosed(DisputeClosed event) {}

  default void subscriptionChanged(SubscriptionChanged event) {}

  default void invoicePaid(InvoicePaid event) {}

  default void invoicePaymentFailed(InvoicePaymentFailed event) {}
}
