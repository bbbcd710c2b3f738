package dev.plinth.campaigns.application;

import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.campaigns.domain.PackageRepository;
import dev.plinth.spi.TenantTransactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The tenant's campaign packages. */
@ApplicationScoped
@TenantTransactional
public class PackageService {

  /** What a new tenant starts with. */
  static final CampaignPackage.Details WINTER_SPECIAL =
      new CampaignPackage.Details("Winter Special", 49900, "usd", 72, 30);

  @Inject PackageRepository packages;

  @Inject Clock clock;

  public List<CampaignPackage> all() {
    return packages.all();
  }

  public CampaignPackage create(String code, CampaignPackage.Details details) {
    CampaignPackage p = new CampaignPackage(UUID.randomUUID(), code, details, clock.instant());
    packages.add(p);
    return p;
  }

  public CampaignPackage update(String code, CampaignPackage.Details details) {
    CampaignPackage p = packages.withCode(code);
    p.apply(details, clock.instant());
    return p;
  }

  /** A new tenant's first package, written in its onboarding transaction. */
  public void provisionDefault() {
    create("winter-special", WINTER_SPECIAL);
  }
}
