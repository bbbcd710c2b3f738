package dev.plinth.campaigns;

import dev.plinth.campaigns.CampaignsResource.PackageBody;
import dev.plinth.campaigns.CampaignsResource.PackageChange;
import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A campaign package a tenant sells, such as "Winter Special": its price, how long after payment
 * the campaign launches, and how many days it runs (open-ended when null). Its code is the tenant's
 * own name for it, unique per tenant.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "packages")
public class CampaignPackage extends EditableRecord {

  private String code;
  private String name;
  private long priceAmount;
  private String currency;
  private long launchDelayHours;
  private Long runDays;

  protected CampaignPackage() {}

  public CampaignPackage(String code, PackageChange details, Instant now) {
    super(now);
    this.code = code;
    apply(details, now);
  }

  public void apply(PackageChange d, Instant now) {
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

  public PackageChange details() {
    return new PackageChange(name, priceAmount, currency, launchDelayHours, runDays);
  }

  public PackageBody view() {
    return new PackageBody(code, name, priceAmount, currency, launchDelayHours, runDays);
  }
}
