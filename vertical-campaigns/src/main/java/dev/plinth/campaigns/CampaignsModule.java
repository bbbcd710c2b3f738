package dev.plinth.campaigns;

import dev.plinth.spi.Settings;
import dev.plinth.spi.SignInLinks;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantJob;
import dev.plinth.spi.VerticalModule;
import dev.plinth.spi.billing.CheckoutRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;

/** The campaigns vertical as the host sees it; the only type the core looks up. */
@ApplicationScoped
public class CampaignsModule extends VerticalModule {

  public static final String ID = "campaigns";

  @PersistenceContext(unitName = ID)
  EntityManager em;

  @Inject CampaignService campaigns;
  @Inject CampaignsConfig config;

  public CampaignsModule() {
    super(ID, "Campaigns", CampaignsResource.class, CampaignService.class);
  }

  /** The settings, read once: a bad one stops the start, naming it. */
  @Produces
  @Singleton
  static CampaignsConfig config() {
    Settings s = Settings.of(ID);
    return new CampaignsConfig(
        s.seconds("lifecycle-interval-seconds", 60),
        CheckoutRequest.checkExpiry(s.name("checkout-minutes"), s.minutes("checkout-minutes", 60)),
        s.positive("checkouts-per-client-per-minute", 10),
        SignInLinks.SignIn.of(
            ID,
            "portal",
            "my-campaigns",
            "Your link to your campaigns",
            "Open this link to see all your campaigns"));
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  @Override
  public List<TenantJob> jobs() {
    return List.of(
        new TenantJob("advance-campaigns", config.lifecycleInterval(), () -> campaigns.advance()));
  }

  /** The storefront, the success page and the portal, at /t/{slug}[/page]. */
  @Override
  public Map<String, String> pages() {
    String dir = "META-INF/plinth-pages/" + ID + "/";
    return Map.of(
        "", dir + "storefront.html",
        "success", dir + "success.html",
        "my-campaigns", dir + "my-campaigns.html");
  }

  /** A new tenant starts with the "Winter Special" package. */
  @Override
  public void onTenantProvisioned(TenantContext tenant) {
    campaigns.createPackage(
        "winter-special", new CampaignPackage.Details("Winter Special", 49900, "usd", 72, 30));
  }
}
