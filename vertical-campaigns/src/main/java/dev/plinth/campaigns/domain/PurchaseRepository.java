package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
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

  /**
   * The purchase a checkout's event is about, locked, so that the events of one checkout take
   * turns: by the reference that the session carries, or else by the session.
   */
  public Optional<Purchase> lockFor(String sessionId, Optional<String> reference) {
    return lockForCheckout(reference, sessionId, "Purchase.bySession");
  }
}
