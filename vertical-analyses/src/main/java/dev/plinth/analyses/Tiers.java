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
import java.time.Instant;
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
      price(tier).ifPresent(id -> priced(tier, id));
    }
  }

  /** The tiers on offer, cheapest first, each paid one with its price. */
  public List<Tier> offered() {
    return priced(
        select("SELECT t FROM Tier t WHERE t.retiredAt IS NULL ORDER BY t.priceAmount, t.rank")
            .getResultList());
  }

  /** Every tier, retired ones too (their subscribers keep them), cheapest first. */
  public List<Tier> all() {
    return priced(select("SELECT t FROM Tier t ORDER BY t.priceAmount, t.rank").getResultList());
  }

  private List<Tier> priced(List<Tier> tiers) {
    for (Tier t : tiers) {
      if (t.isPaid() && t.priceId() == null && t.retiredAt() == null) {
        price(t).ifPresent(id -> priced(t, id));
      }
    }
    return tiers;
  }

  /**
   * The tenant adds a paid tier, with its Stripe price (502, and nothing added, if Stripe cannot
   * create it). A code is never reused, a retired tier's included: 409 {@code tier_exists}.
   */
  public Tier add(String code, String name, Integer monthlyLimit, long priceAmount) {
    if (byId(code).isPresent()) {
      throw Refusal.conflict("tier_exists", "there is already a tier '" + code + "'");
    }
    if (priceAmount <= 0) {
      throw Refusal.invalid("priceAmount", "a new tier is a paid one: its price must be positive");
    }
    Integer last =
        em().createQuery("SELECT MAX(t.rank) FROM Tier t", Integer.class).getSingleResult();
    Tier t = add(new Tier(code, name, monthlyLimit, priceAmount, last == null ? 0 : last + 1));
    priced(t, newPrice(t));
    return t;
  }

  /**
   * The tenant retires a paid tier: no longer offered, nor moved to; its subscribers keep it until
   * their subscription changes or ends. The free tier stays (409 {@code tier_required}).
   */
  public Tier retire(String code, Instant now) {
    Tier t = requireLocked(code);
    if (!t.isPaid()) {
      throw Refusal.conflict("tier_required", "the free tier is every user's fallback; it stays");
    }
    t.retire(now);
    return t;
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
    if (t.retiredAt() != null && priceAmount != t.priceAmount()) {
      throw Refusal.conflict("tier_retired", "a retired tier keeps its price");
    }
    if (t.isPaid() != priceAmount > 0) {
      throw Refusal.invalid(
          "priceAmount",
          t.isPaid() ? "a paid tier's price must be positive" : "the free tier has no price");
    }
    if (t.change(name, monthlyLimit, priceAmount)) {
      priced(t, newPrice(t));
    }
    return t;
  }

  private String newPrice(Tier t) {
    return price(t)
        .orElseThrow(
            () -> new ApiException(502, "stripe_error", "Stripe could not create the price"));
  }

  /** The tier a subscription's price stands for, now or before the tier's price changed. */
  public Optional<Tier> byPrice(String priceId) {
    if (priceId == null) {
      return Optional.empty();
    }
    return sql(
            "SELECT tier FROM analyses.tier_prices WHERE tenant_id = ?1 AND price_id = ?2", priceId)
        .getResultStream()
        .findFirst()
        .flatMap(code -> byId(code));
  }

  private void priced(Tier t, String priceId) {
    t.priced(priceId);
    sql(
            "INSERT INTO analyses.tier_prices (tenant_id, price_id, tier) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT DO NOTHING",
            priceId,
            t.code())
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
