package dev.plinth.campaigns.application;

import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenant's campaign packages. */
@ApplicationScoped
@TenantTransactional
public class PackageService {

  /** What a new tenant starts with. */
  static final CampaignPackage.Details WINTER_SPECIAL =
      new CampaignPackage.Details("Winter Special", 49900, "usd", 72, 30);

  @PersistenceContext(unitName = "campaigns")
  EntityManager em;

  @Inject Clock clock;

  public List<CampaignPackage> all() {
    return em.createNamedQuery("CampaignPackage.all", CampaignPackage.class).getResultList();
  }

  public Optional<CampaignPackage> byCode(String code) {
    return em.createNamedQuery("CampaignPackage.byCode", CampaignPackage.class)
        .setParameter("code", code)
        .getResultStream()
        .findFirst();
  }

  public CampaignPackage require(String code) {
    return byCode(code).orElseThrow(() -> ApiException.notFound("no package '" + code + "'"));
  }

  public CampaignPackage create(String code, CampaignPackage.Details details) {
    if (byCode(code).isPresent()) {
      throw ApiException.conflict("package_exists", "a package with code '" + code + "' exists");
    }
    CampaignPackage p = new CampaignPackage(UUID.randomUUID(), code, details, clock.instant());
    em.persist(p);
    return p;
  }

  public CampaignPackage update(String code, CampaignPackage.Details details) {
    CampaignPackage p = require(code);
    p.apply(details, clock.instant());
    return p;
  }

  /** A new tenant's first package, written in its onboarding transaction. */
  public void provisionDefault() {
    create("winter-special", WINTER_SPECIAL);
  }
}
