package dev.plinth.campaigns.webhook;

import dev.plinth.campaigns.application.CampaignService;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The payment events the vertical acts on: a paid checkout (at once, or when a delayed payment
 * succeeds) schedules a campaign; a declined delayed payment or an expired checkout marks the
 * purchase failed or expired; a full refund cancels a campaign that has not launched.
 */
@ApplicationScoped
public class CampaignsPayments implements PaymentListener {

  @Inject CampaignService campaigns;

  @Override
  public void checkoutPaymentFailed(CheckoutPaymentFailed event) {
    ended(event, Purchase.Status.failed);
  }

  @Override
  public void checkoutExpired(CheckoutExpired event) {
    ended(event, Purchase.Status.expired);
  }

  @Override
  public void paymentRefunded(PaymentRefunded event) {
    String paymentIntent = event.facts().paymentIntentId();
    if (event.full() && paymentIntent != null) {
      campaigns.refunded(paymentIntent);
    }
  }

  private void ended(PaymentEvent event, Purchase.Status outcome) {
    campaigns.ended(
        event.facts().checkoutSessionId(), Optional.ofNullable(event.reference()), outcome);
  }

  /** A paid checkout schedules the purchase's campaign. */
  @Override
  public void checkoutPaid(CheckoutPaid event) {
    PaymentEvent.Facts f = event.facts();
    campaigns.paid(
        new CampaignService.Paid(
            f.checkoutSessionId(),
            Optional.ofNullable(f.reference()),
            f.paymentIntentId(),
            f.customerId(),
            f.email(),
            f.created()));
  }
}
