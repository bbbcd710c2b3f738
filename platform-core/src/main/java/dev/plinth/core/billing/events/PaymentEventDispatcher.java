package dev.plinth.core.billing.events;

import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.billing.PaymentEvent;
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
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.billing.StripeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.UUID;

/**
 * Delivers a Stripe event to the tenant's vertical as a typed {@link PaymentEvent}, if it is one
 * and belongs to that vertical. Runs in the event's tenant transaction, after the core's billing
 * handlers (so the host's records already include this event).
 */
@ApplicationScoped
public class PaymentEventDispatcher {

  @Inject VerticalRegistry verticals;

  @Inject RecordedOwners owners;

  /** Returns whether the vertical's listener was called. */
  public boolean dispatch(StripeEvent event, UUID tenantId, String vertical) {
    PaymentListener listener = verticals.listener(vertical);
    if (listener == null
        || Collections.disjoint(
            PaymentEventTranslator.eventsOf(event.type()), verticals.listenedTo(vertical))) {
      return false; // nothing it would act on: no translation, no lookups of the host's records
    }
    return PaymentEventTranslator.translate(event, owners.of(tenantId))
        .filter(t -> t.vertical().equals(vertical))
        .map(
            t -> {
              deliver(t.event(), listener);
              return true;
            })
        .orElse(false);
  }

  /** Calls the listener's method for the event. */
  public static void deliver(PaymentEvent event, PaymentListener l) {
    if (event instanceof CheckoutPaid e) {
      l.checkoutPaid(e);
    } else if (event instanceof CheckoutAwaitingPayment e) {
      l.checkoutAwaitingPayment(e);
    } else if (event instanceof CheckoutPaymentFailed e) {
      l.checkoutPaymentFailed(e);
    } else if (event instanceof CheckoutExpired e) {
      l.checkoutExpired(e);
    } else if (event instanceof PaymentRefunded e) {
      l.paymentRefunded(e);
    } else if (event instanceof DisputeOpened e) {
      l.disputeOpened(e);
    } else if (event instanceof DisputeClosed e) {
      l.disputeClosed(e);
    } else if (event instanceof SubscriptionChanged e) {
      l.subscriptionChanged(e);
    } else if (event instanceof InvoicePaid e) {
      l.invoicePaid(e);
    } else if (event instanceof InvoicePaymentFailed e) {
      l.invoicePaymentFailed(e);
    }
  }
}
