package dev.plinth.analyses;

import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One of a tenant's tiers: a monthly limit (null: unlimited) and, for a paid tier, its price. */
@Entity
@Table(schema = AnalysesModule.ID, name = "tiers")
public class Tier extends TenantOwned {

  /** The tier every user starts on, and falls back to. */
  public static final String FREE = "free";

  /** The defaults a tenant is provisioned with: code, name, limit, usd cents a month. */
  static final List<Tier> DEFAULTS =
      List.of(
          new Tier(FREE, "Free", 5, 0, 0),
          new Tier("starter", "Starter", 25, 900, 1),
          new Tier("pro", "Pro", 100, 2900, 2),
          new Tier("elite", "Elite", null, 9900, 3));

  @Id private String code;

  private String name;
  private Integer monthlyLimit;
  private long priceAmount;
  private String currency;
  private String priceId;
  private int rank;
  private Instant retiredAt;

  protected Tier() {}

  /** A new tier, after the others of its price. */
  Tier(String code, String name, Integer monthlyLimit, long priceAmount, int rank) {
    this.code = code;
    this.name = name;
    this.monthlyLimit = monthlyLimit;
    this.priceAmount = priceAmount;
    this.currency = "usd";
    this.rank = rank;
  }

  /** A copy to persist for a tenant. */
  Tier copy() {
    return new Tier(code, name, monthlyLimit, priceAmount, rank);
  }

  public String code() {
    return code;
  }

  public String name() {
    return name;
  }

  /** Null: unlimited. */
  public Integer monthlyLimit() {
    return monthlyLimit;
  }

  public long priceAmount() {
    return priceAmount;
  }

  public String currency() {
    return currency;
  }

  public String priceId() {
    return priceId;
  }

  public boolean isPaid() {
    return priceAmount > 0;
  }

  /** Null while the tier is offered. */
  public Instant retiredAt() {
    return retiredAt;
  }

  void retire(Instant at) {
    if (retiredAt == null) {
      retiredAt = at;
    }
  }

  /** The Stripe price's lookup key: a changed amount is a new price. */
  String lookupKey() {
    return AnalysesModule.ID + "-" + code + "-" + priceAmount + "-" + currency;
  }

  void priced(String priceId) {
    this.priceId = priceId;
  }

  /** Returns whether the price changed: a paid tier then needs a new Stripe price. */
  boolean change(String name, Integer monthlyLimit, long priceAmount) {
    boolean repriced = priceAmount != this.priceAmount;
    this.name = name;
    this.monthlyLimit = monthlyLimit;
    this.priceAmount = priceAmount;
    if (repriced) {
      this.priceId = null;
    }
    return repriced;
  }

  public AnalysesResource.TierView view() {
    return new AnalysesResource.TierView(
        code, name, monthlyLimit, priceAmount, currency, priceId, retiredAt);
  }
}
