package dev.plinth.campaigns.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Contractors' purchases; callers bring the transaction. */
@ApplicationScoped
public class PurchaseRepository extends CampaignsStore<Purchase> {

  PurchaseRepository() {
    super(Purchase.class, "purchase");
  }

  public Optional<Purchase> bySession(String sessionId) {
    return first("Purchase.bySession", "session", sessionId);
  }

  /**
   * The purchase a checkout's event is about, locked, so that the events of one checkout take
   * turns: by the reference that the session carries, or else by the session.
   */
  public Optional<Purchase> lockFor(String sessionId, Optional<String> reference) {
    return lockForCheckout(reference, sessionId, "Purchase.bySession");
  }
}
