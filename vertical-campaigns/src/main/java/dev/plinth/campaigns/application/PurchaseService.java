package dev.plinth.campaigns.application;

import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.TenantTransactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.UUID;

/** Purchases as checkouts start: recorded, tied to their session, or dropped if Stripe failed. */
@ApplicationScoped
@TenantTransactional
public class PurchaseService {

  @PersistenceContext(unitName = "campaigns")
  EntityManager em;

  @Inject PackageService packages;

  @Inject Clock clock;

  /** A purchase started, with the package it is for. */
  public record Started(Purchase purchase, CampaignPackage pkg) {}

  public Started start(String packageCode, Purchase.Buyer buyer) {
    CampaignPackage pkg = packages.require(packageCode);
    Purchase p = new Purchase(UUID.randomUUID(), pkg, buyer, clock.instant());
    em.persist(p);
    return new Started(p, pkg);
  }

  public void attach(UUID purchaseId, String sessionId) {
    Purchase p = em.find(Purchase.class, purchaseId);
    if (p != null) {
      p.attachSession(sessionId);
    }
  }

  public void drop(UUID purchaseId) {
    Purchase p = em.find(Purchase.class, purchaseId);
    if (p != null) {
      em.remove(p);
    }
  }
}
