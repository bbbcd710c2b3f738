package dev.plinth.tipjar;

import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A paid checkout marks its tip paid; an expired one drops it. Both are idempotent. */
@ApplicationScoped
public class TipPayments implements PaymentListener {

  @Inject Tips tips;

  @Override
  public void checkoutPaid(CheckoutPaid event) {
    Ids.tryParse(event.reference()).ifPresent(id -> tips.paid(id, event.created()));
  }

  @Override
  public void checkoutExpired(CheckoutExpired event) {
    Ids.tryParse(event.reference()).ifPresent(tips::dropUnpaid);
  }
}
