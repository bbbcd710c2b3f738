package dev.plinth.analyses;

import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.Severity;
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

  Tiers() {
    super(AnalysesModule.class, Tier.class, "tier");
  }

  /** The default tiers, with their prices, for a new tenant (in the onboarding transaction). */
  void provision() {
    for (Tier t : Tier.DEFAULTS) {
      Tier tier = t.copy();
      add(tier);
      price(tier).ifPresent(tier::priced);
    }
  }

  /** The tiers, cheapest first, each paid one with its price. */
  public List<Tier> all() {
    List<Tier> tiers = named("Tier.all").getResultList();
    for (Tier t : tiers) {
      if (t.isPaid() && t.priceId() == null) {
        price(t).ifPresent(t::priced);
      }
    }
    return tiers;
  }

  /** A tier by its code: 400 on {@code field} if there is none. */
  public Tier byCode(String code, String field) {
    return byId(code).orElseThrow(() -> Refusal.invalid(field, "no tier '" + code + "'"));
  }

  /** The tier a subscription's price stands for. */
  public Optional<Tier> byPrice(String priceId) {
    return priceId == null ? Optional.empty() : first("Tier.byPrice", "price", priceId);
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
