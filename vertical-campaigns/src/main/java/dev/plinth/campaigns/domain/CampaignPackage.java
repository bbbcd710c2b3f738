package dev.plinth.campaigns.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * A campaign package a tenant sells, such as "Winter Special": its price, how long after payment
 * the campaign launches, and how many days it runs (open-ended when null). Its code is the tenant's
 * own name for it, unique per tenant.
 */
@Entity
@Table(schema = "campaigns", name = "packages")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = "eclipselink.tenant-id")
@NamedQuery(
    name = "CampaignPackage.all",
    query = "SELECT p FROM CampaignPackage p ORDER BY p.createdAt, p.code")
@NamedQuery(
    name = "CampaignPackage.byCode",
    query = "SELECT p FROM CampaignPackage p WHERE p.code = :code")
public class CampaignPackage {

  @Id private UUID id;

  @Column(nullable = false)
  private String code;

  @Column(nullable = false)
  private String name;

  @Column(name = "price_amount", nullable = false)
  private long priceAmount;

  @Column(nullable = false)
  private String currency;

  @Column(name = "launch_delay_hours", nullable = false)
  private int launchDelayHours;

  @Column(name = "run_days")
  private Integer runDays;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected CampaignPackage() {}

  public CampaignPackage(UUID id, String code, Details details, Instant now) {
    this.id = id;
    this.code = code;
    this.createdAt = now;
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
    this.updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public String code() {
    return code;
  }

  public String name() {
    return name;
  }

  public long priceAmount() {
    return priceAmount;
  }

  public String currency() {
    return currency;
  }

  public int launchDelayHours() {
    return launchDelayHours;
  }

  public Integer runDays() {
    return runDays;
  }
}
