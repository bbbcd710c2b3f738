package dev.plinth.campaigns;

import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A campaign package a tenant sells, such as "Winter Special": its price, how long after payment
 * the campaign launches, and how many days it runs (open-ended when null). Its code is the tenant's
 * own name for it, unique per tenant.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "packages")
@NamedQuery(
    name = "CampaignPackage.all",
    query = "SELECT p FROM CampaignPackage p ORDER BY p.createdAt, p.code")
@NamedQuery(
    name = "CampaignPackage.byCode",
    query = "SELECT p FROM CampaignPackage p WHERE p.code = :code")
public class CampaignPackage extends EditableRecord {

  private String code;
  private String name;

  @Column(name = "price_amount")
  private long priceAmount;

  private String currency;

  @Column(name = "launch_delay_hours")
  private int launchDelayHours;

  @Column(name = "run_days")
  private Integer runDays;

  protected CampaignPackage() {}

  public CampaignPackage(String code, Details details, Instant now) {
    super(now);
    this.code = code;
    apply(details, now);
  }

  /** What a tenant says about a package. */
  public record Details(
      String name, long priceAmount, String currency, int launchDelayHours, Integer runDays) {}

  public void apply(Details d, Instant now) {
    this.name = d.name();
    this.priceAmount = d.priceAmount();
    this.currency = d.currency();
    this.launchDelayHours = d.launchDelayHours();
    this.runDays = d.runDays();
    changed(now);
  }

  public String code() {
    return code;
  }

  public Details details() {
    return new Details(name, priceAmount, currency, launchDelayHours, runDays);
  }

  public Responses.PackageView view() {
    return new Responses.PackageView(code, name, priceAmount, currency, launchDelayHours, runDays);
  }
}
