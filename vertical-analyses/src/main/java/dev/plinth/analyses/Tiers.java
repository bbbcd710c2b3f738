package dev.plinth.analyses;

import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.Severity;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The tenant's tiers. Each paid tier gets a monthly Stripe price when the tenant is provisioned; a
 * price Stripe could not create then (it was down) is created when the tiers are next read.
 */
@ApplicationScoped
@TenantTransactional
public class Tiers extends Repository<Tier> {

  @Inject BillingService billing;

  @Inject ErrorReporter errors;

  @Inject TenantContext tenant;

  Tiers() {
    super(AnalysesModule.class, Tier.class, "tier");
  }

  /** The default tiers, with their prices, for a new tenant (in the onboarding transaction). */
  void provision() {
    for (Tier t : Tier.DEFAULTS) {
      Tier tier = t.copy();
      add(tier);
      price(tier).ifPresent(id -> priced(tier, id));
    }
  }

  /** The tiers, cheapest first, each paid one with its price. */
  public List<Tier> all() {
    List<Tier> tiers = named("Tier.all").getResultList();
    for (Tier t : tiers) {
      if (t.isPaid() && t.priceId() == null) {
        price(t).ifPresent(id -> priced(t, id));
      }
    }
    return tiers;
  }

  /** A tier by its code: 400 on {@code field} if there is none. */
  public Tier byCode(String code, String field) {
    return byId(code).orElseThrow(() -> Refusal.invalid(field, "no tier '" + code + "'"));
  }

  /**
   * The tenant changes a tier: its name and limit, and for a paid tier its monthly price (a new
   * Stripe price; subscribers on the old one keep it, and stay on the tier).
   */
  public Tier change(String code, String name, Integer monthlyLimit, long priceAmount) {
    Tier t = requireLocked(code);
    if (t.isPaid() != priceAmount > 0) {
      throw Refusal.invalid(
          "priceAmount",
          t.isPaid() ? "a paid tier's price must be positive" : "the free tier has no price");
    }
    boolean repriced = t.change(name, monthlyLimit, priceAmount);
    if (repriced) {
      String priceId =
          price(t)
              .orElseThrow(
                  () -> new ApiException(502, "stripe_error", "Stripe could not create the price"));
      priced(t, priceId);
    }
    return t;
  }

  /** The tier a subscription's price stands for, now or before the tier's price changed. */
  public Optional<Tier> byPrice(String priceId) {
    if (priceId == null) {
      return Optional.empty();
    }
    return em().createNativeQuery(
            "SELECT tier FROM analyses.tier_prices WHERE tenant_id = ?1 AND price_id = ?2")
        .setParameter(1, tenant.tenantId())
        .setParameter(2, priceId)
        .getResultStream()
        .findFirst()
        .flatMap(code -> byId(code));
  }

  private void priced(Tier t, String priceId) {
    t.priced(priceId);
    em().createNativeQuery(
            "INSERT INTO analyses.tier_prices (tenant_id, price_id, tier) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT DO NOTHING")
        .setParameter(1, tenant.tenantId())
        .setParameter(2, priceId)
        .setParameter(3, t.code())
        .executeUpdate();
  }

  private Optional<String> price(Tier t) {
    if (!t.isPaid()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          billing.createRecurringPrice(
              t.lookupKey(), t.name(), new Money(t.priceAmount(), t.currency()), "month"));
    } catch (ApiException e) {
      errors.report(
          Severity.ERROR, "could not create the price of tier " + t.code() + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
