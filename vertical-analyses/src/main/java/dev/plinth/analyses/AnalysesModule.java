package dev.plinth.analyses;

import dev.plinth.spi.Panel;
import dev.plinth.spi.Settings;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantJob;
import dev.plinth.spi.VerticalModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Property analyses by subscription tier: each tier a monthly limit that is enforced exactly, each
 * user's tier and status kept in step with Stripe.
 */
@ApplicationScoped
public class AnalysesModule extends VerticalModule {

  /** The module id: path, schema, persistence unit, migrations and config prefix. */
  public static final String ID = "analyses";

  @PersistenceContext(unitName = ID)
  EntityManager em;

  @Inject Tiers tiers;

  @Inject Subscribers subscribers;

  @Inject Onboarding onboarding;

  @Inject AnalysesConfig config;

  public AnalysesModule() {
    super(ID, "Analyses", AnalysesResource.class, Subscribers.class);
  }

  /** The settings, read once: a bad one stops the start, naming it. */
  @Produces
  @Singleton
  static AnalysesConfig config() {
    Settings s = Settings.of(ID);
    Config config = ConfigProvider.getConfig();
    String zone = config.getOptionalValue(s.name("period-zone"), String.class).orElse("UTC");
    String days = config.getOptionalValue(s.name("onboarding-days"), String.class).orElse("0,3,7");
    try {
      return new AnalysesConfig(
          s.days("grace-days", 7),
          ZoneId.of(zone.strip()),
          Arrays.stream(days.split(","))
              .map(d -> Duration.ofDays(Long.parseLong(d.strip())))
              .toList(),
          s.minutes("onboarding-interval-minutes", 60));
    } catch (DateTimeException e) {
      throw new IllegalStateException(s.name("period-zone") + " is not a time zone: " + zone);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          s.name("onboarding-days") + " must be whole days separated by commas, not " + days);
    }
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  /** The default tiers and their Stripe prices. */
  @Override
  public void onTenantProvisioned(TenantContext tenant) {
    tiers.provision();
  }

  /** One page: the plans, and the signed-in user's dashboard above them. */
  @Override
  public Map<String, String> pages() {
    String page = page("analyses.html");
    return Map.of("", page, "pricing", page, "dashboard", page);
  }

  @Override
  public List<TenantJob> jobs() {
    return List.of(
        new TenantJob(
            "onboarding",
            config.onboardingInterval(),
            () -> onboarding.due().forEach(onboarding::send)));
  }

  /** The tenant's users by tier and status, and what they pay each month. */
  @Override
  public List<Panel> panels() {
    List<Subscribers.Headcount> headcounts = subscribers.headcounts();
    AnalysesResource.Revenue revenue = AnalysesResource.Revenue.of(tiers.all(), headcounts);
    return List.of(
        new Panel(
            "subscriptions",
            "Subscriptions",
            List.of(
                Panel.Figure.count(
                    "Users", headcounts.stream().mapToLong(Subscribers.Headcount::users).sum()),
                Panel.Figure.count(
                    "Paying users",
                    headcounts.stream()
                        .filter(h -> h.status().isPaying())
                        .mapToLong(Subscribers.Headcount::users)
                        .sum()),
                new Panel.Figure("Monthly recurring revenue", revenue.mrr(), revenue.currency())),
            List.of(
                new Panel.Table(
                    "Users by tier and status",
                    List.of("Tier", "Status", "Users"),
                    headcounts.stream()
                        .map(h -> List.of(h.tier(), h.status().name(), "" + h.users()))
                        .toList()))));
  }
}
