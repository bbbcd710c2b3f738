package dev.plinth.campaigns;

import dev.plinth.spi.Refusal;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A contractor's marketing campaign, one per paid Checkout Session. The payment schedules it to
 * launch after the package's delay; the lifecycle job launches it (setting its end from the
 * package's {@code runDays}, if any) and completes it at its end; the tenant pauses, resumes or
 * cancels it; a full refund before launch cancels it.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "campaigns")
@NamedQuery(
    name = "Campaign.list",
    query = "SELECT c FROM Campaign c WHERE c.status IN :statuses ORDER BY c.createdAt DESC, c.id")
@NamedQuery(
    name = "Campaign.ofCustomer",
    query = "SELECT c FROM Campaign c WHERE c.customerId = :customer ORDER BY c.createdAt, c.id")
@NamedQuery(
    name = "Campaign.bySession",
    query = "SELECT c FROM Campaign c WHERE c.checkoutSessionId = :session")
@NamedQuery(
    name = "Campaign.byPayment",
    query = "SELECT c FROM Campaign c WHERE c.paymentIntentId = :payment")
@NamedQuery(
    name = "Campaign.due",
    query =
        "SELECT c FROM Campaign c WHERE (c.launchAt <= :now"
            + " AND c.status = dev.plinth.campaigns.CampaignStatus.scheduled)"
            + " OR (c.endsAt <= :now AND c.status = dev.plinth.campaigns.CampaignStatus.active)")
public class Campaign extends EditableRecord {

  /** Which tenant actions move a campaign from which states. */
  private static final Map<String, Map<CampaignStatus, CampaignStatus>> ACTIONS =
      Map.of(
          "pause", Map.of(CampaignStatus.active, CampaignStatus.paused),
          "resume", Map.of(CampaignStatus.paused, CampaignStatus.active),
          "cancel",
              Map.of(
                  CampaignStatus.scheduled, CampaignStatus.cancelled,
                  CampaignStatus.active, CampaignStatus.cancelled,
                  CampaignStatus.paused, CampaignStatus.cancelled));

  @Column(name = "customer_id")
  private UUID customerId;

  @Column(name = "purchase_id")
  private UUID purchaseId;

  @Column(name = "package_code")
  private String packageCode;

  private String name;

  @Enumerated(EnumType.STRING)
  private CampaignStatus status;

  @Column(name = "checkout_session_id")
  private String checkoutSessionId;

  @Column(name = "payment_intent_id")
  private String paymentIntentId;

  @Column(name = "paid_at")
  private Instant paidAt;

  @Column(name = "launch_at")
  private Instant launchAt;

  @Column(name = "run_days")
  private Integer runDays;

  @Column(name = "launched_at")
  private Instant launchedAt;

  @Column(name = "ends_at")
  private Instant endsAt;

  protected Campaign() {}

  /** The campaign a paid purchase scheduled, on the terms it was bought on. */
  public Campaign(
      Purchase purchase,
      CampaignPackage.Details terms,
      UUID customerId,
      PaymentEvent.Facts paid,
      Instant now) {
    super(now);
    this.customerId = customerId;
    this.purchaseId = purchase.id();
    this.packageCode = purchase.packageCode();
    this.name = terms.name() + " for " + purchase.buyer().businessName();
    this.status = CampaignStatus.scheduled;
    this.checkoutSessionId = paid.checkoutSessionId();
    this.paymentIntentId = paid.paymentIntentId();
    this.paidAt = paid.created();
    this.launchAt = paidAt.plus(Duration.ofHours(terms.launchDelayHours()));
    this.runDays = terms.runDays();
  }

  public CampaignStatus status() {
    return status;
  }

  public Responses.CampaignView view() {
    return new Responses.CampaignView(
        id, customerId, packageCode, name, status, checkoutSessionId, launchAt, createdAt, endsAt);
  }

  /** As its buyer sees it, with the whole hours left until launch, rounded up (0 once launched). */
  public Responses.PortalCampaign portalView(Instant now) {
    long seconds =
        status == CampaignStatus.scheduled ? Duration.between(now, launchAt).toSeconds() : 0;
    return new Responses.PortalCampaign(
        id, name, status, launchAt, Math.max(0, (seconds + 3599) / 3600));
  }

  /** The tenant pauses, resumes or cancels it: {@code invalid_transition} where it may not. */
  public void act(String action, Instant now) {
    CampaignStatus to = ACTIONS.get(action).get(status);
    if (to == null) {
      throw Refusal.conflict(
          "invalid_transition", "a " + status + " campaign cannot be asked to " + action);
    }
    moveTo(to, now);
  }

  /** The lifecycle job's step: launches it when its time comes, and completes it at its end. */
  public void advance(Instant now) {
    if (status == CampaignStatus.scheduled && !launchAt.isAfter(now)) {
      launchedAt = now;
      endsAt = runDays == null ? null : launchAt.plus(Duration.ofDays(runDays));
      moveTo(CampaignStatus.active, now);
    }
    if (status == CampaignStatus.active && endsAt != null && !endsAt.isAfter(now)) {
      moveTo(CampaignStatus.completed, now);
    }
  }

  /** A full refund cancels it before launch; a launched one runs its course. */
  public void refunded(Instant now) {
    if (status == CampaignStatus.scheduled) {
      moveTo(CampaignStatus.cancelled, now);
    }
  }

  private void moveTo(CampaignStatus to, Instant now) {
    status = to;
    changed(now);
  }
}
