package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A contractor's marketing campaign, one per paid Checkout Session. Its lifecycle:
 *
 * <ul>
 *   <li>{@code scheduled}: made by the payment webhook, with {@code launchAt} = the payment's time
 *       plus the package's launch delay.
 *   <li>{@code scheduled → active}: the lifecycle job, once {@code launchAt} has passed; {@code
 *       endsAt} is then set from the package's {@code runDays}, if it has any.
 *   <li>{@code active → completed}: the lifecycle job, once {@code endsAt} has passed.
 *   <li>{@code active ↔ paused}: the tenant pauses and resumes it.
 *   <li>{@code scheduled/active/paused → cancelled}: the tenant cancels it; a full refund before
 *       launch ({@code charge.refunded}) cancels a scheduled one.
 * </ul>
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "campaigns")
@NamedQuery(
    name = "Campaign.all",
    query = "SELECT c FROM Campaign c ORDER BY c.createdAt DESC, c.id")
@NamedQuery(
    name = "Campaign.byStatus",
    query = "SELECT c FROM Campaign c WHERE c.status = :status ORDER BY c.createdAt DESC, c.id")
@NamedQuery(
    name = "Campaign.ofCustomer",
    query = "SELECT c FROM Campaign c WHERE c.customerId = :customer ORDER BY c.createdAt, c.id")
@NamedQuery(
    name = "Campaign.bySession",
    query = "SELECT c FROM Campaign c WHERE c.checkoutSessionId = :session")
@NamedQuery(
    name = "Campaign.byPayment",
    query = "SELECT c FROM Campaign c WHERE c.paymentIntentId = :payment")
public class Campaign extends TenantOwned {

  @Id private UUID id;
  private UUID customerId;
  private UUID purchaseId;
  private String packageCode;
  private String name;

  @Enumerated(EnumType.STRING)
  private CampaignStatus status;

  private String checkoutSessionId;
  private String paymentIntentId;
  private Instant paidAt;
  private Instant launchAt;
  private Integer runDays;
  private Instant launchedAt;
  private Instant endsAt;
  private Instant createdAt;
  private Instant updatedAt;

  protected Campaign() {}

  public UUID id() {
    return id;
  }

  public UUID customerId() {
    return customerId;
  }

  public String packageCode() {
    return packageCode;
  }

  public String name() {
    return name;
  }

  public CampaignStatus status() {
    return status;
  }

  public String checkoutSessionId() {
    return checkoutSessionId;
  }

  public Instant launchAt() {
    return launchAt;
  }

  public Instant endsAt() {
    return endsAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public void moveTo(CampaignStatus to, Instant now) {
    status = to;
    updatedAt = now;
  }
}
