package dev.plinth.campaigns;

import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Contractors' purchases; callers bring the transaction. */
@ApplicationScoped
public class PurchaseRepository extends Repository<Purchase> {

  PurchaseRepository() {
    super(CampaignsModule.class, Purchase.class, "purchase");
  }

  public Optional<Purchase> bySession(String sessionId) {
    return first("Purchase.bySession", "session", sessionId);
  }

  /** The purchase a checkout's event is about, locked, so that one checkout's events take turns. */
  public Optional<Purchase> lockFor(PaymentEvent.Facts event) {
    return lockForCheckout(
        Optional.ofNullable(event.reference()), event.checkoutSessionId(), "Purchase.bySession");
  }
}
