package dev.plinth.credits;

import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** A package of credits the tenant sells; a retired one stays for the purchases that name it. */
@Entity
@Table(schema = CreditsModule.ID, name = "packages")
public class CreditPackage extends TenantOwned {

  /** What a tenant is provisioned with: code, name, credits, usd cents. */
  static final List<CreditPackage> DEFAULTS =
      List.of(
          new CreditPackage("small", "100 credits", 100, 1000, 1),
          new CreditPackage("medium", "500 credits", 500, 4500, 2),
          new CreditPackage("large", "2,000 credits", 2000, 16000, 3));

  @Id private String code;

  private String name;
  private long credits;
  private long priceAmount;
  private String currency;
  private boolean active;
  private int rank;

  protected CreditPackage() {}

  CreditPackage(String code, String name, long credits, long priceAmount, int rank) {
    this.code = code;
    this.name = name;
    this.credits = credits;
    this.priceAmount = priceAmount;
    this.currency = "usd";
    this.active = true;
    this.rank = rank;
  }

  CreditPackage copy() {
    return new CreditPackage(code, name, credits, priceAmount, rank);
  }

  void change(String name, long credits, long priceAmount, boolean active) {
    this.name = name;
    this.credits = credits;
    this.priceAmount = priceAmount;
    this.active = active;
  }

  public String code() {
    return code;
  }

  public String name() {
    return name;
  }

  public long credits() {
    return credits;
  }

  public long priceAmount() {
    return priceAmount;
  }

  public String currency() {
    return currency;
  }

  public boolean active() {
    return active;
  }

  CreditsResource.PackageView view() {
    return new CreditsResource.PackageView(code, name, credits, priceAmount, currency, active);
  }
}
