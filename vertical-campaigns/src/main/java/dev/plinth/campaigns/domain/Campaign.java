package dev.plinth.campaigns.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

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
@Table(schema = "campaigns", name = "campaigns")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = "eclipselink.tenant-id")
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
public class Campaign {

  @Id private UUID id;

  @Column(name = "customer_id", nullable = false)
  private UUID customerId;

  @Column(name = "purchase_id", nullable = false)
  private UUID purchaseId;

  @Column(name = "package_code", nullable = false)
  private String packageCode;

  @Column(nullable = false)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private CampaignStatus status;

  @Column(name = "checkout_session_id", nullable = false)
  private String checkoutSessionId;

  @Column(name = "payment_intent_id")
  private String paymentIntentId;

  @Column(name = "paid_at", nullable = false)
  private Instant paidAt;

  @Column(name = "launch_at", nullable = false)
  private Instant launchAt;

  @Column(name = "run_days")
  private Integer runDays;

  @Column(name = "launched_at")
  private Instant launchedAt;

  @Column(name = "ends_at")
  private Instant endsAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
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
