package dev.plinth.campaigns.application;

import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.campaigns.domain.PackageRepository;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.campaigns.domain.PurchaseRepository;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.TenantTransactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;

/** Purchases as checkouts start: recorded, tied to their session, or dropped if Stripe failed. */
@ApplicationScoped
@TenantTransactional
public class PurchaseService {

  @Inject PurchaseRepository purchases;

  @Inject PackageRepository packages;

  @Inject Clock clock;

  /** A purchase started, with the package it is for. */
  public record Started(Purchase purchase, CampaignPackage pkg) {}

  public Started start(String packageCode, Purchase.Buyer buyer) {
    // a package named in a request is a field of it: an unknown one is the request's fault
    CampaignPackage pkg =
        packages
            .byCode(packageCode)
            .orElseThrow(() -> Refusal.invalid("packageCode", "no package '" + packageCode + "'"));
    Purchase p = new Purchase(UUID.randomUUID(), pkg, buyer, clock.instant());
    purchases.add(p);
    return new Started(p, pkg);
  }

  public void attach(UUID purchaseId, String sessionId) {
    purchases.byId(purchaseId).ifPresent(p -> p.attachSession(sessionId));
  }

  public void drop(UUID purchaseId) {
    purchases.byId(purchaseId).ifPresent(purchases::remove);
  }
}
