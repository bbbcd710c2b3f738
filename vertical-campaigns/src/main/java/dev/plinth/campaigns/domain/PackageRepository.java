package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The tenant's campaign packages, known by their codes; callers bring the transaction. */
@ApplicationScoped
public class PackageRepository extends Repository<CampaignPackage> {

  PackageRepository() {
    super(CampaignsModule.class, CampaignPackage.class, "package");
  }

  public List<CampaignPackage> all() {
    return named("CampaignPackage.all").getResultList();
  }

  public Optional<CampaignPackage> byCode(String code) {
    return first("CampaignPackage.byCode", "code", code);
  }

  /** The package with this code, or a refusal naming it. */
  public CampaignPackage withCode(String code) {
    return byCode(code).orElseThrow(() -> Refusal.notFound("package '" + code + "'"));
  }

  /** Adds a package, refused with {@code package_exists} if its code is taken. */
  @Override
  public void add(CampaignPackage p) {
    if (byCode(p.code()).isPresent()) {
      throw Refusal.conflict("package_exists", "a package with code '" + p.code() + "' exists");
    }
    super.add(p);
  }
}
