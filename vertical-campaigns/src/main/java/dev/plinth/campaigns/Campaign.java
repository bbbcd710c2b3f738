package dev.plinth.campaigns;

import dev.plinth.spi.Refusal;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
  private Long runDays;
  private Instant launchedAt;
  private Instant endsAt;

  protected Campaign() {}

  /** The campaign a paid purchase scheduled, on the terms it was bought on. */
  public Campaign(
      Purchase purchase,
      CampaignsResource.PackageChange terms,
      UUID customerId,
      PaymentEvent.Facts paid,
      Instant now) {
    super(now);
    this.customerId = customerId;
    this.purchaseId = purchase.id();
    this.packageCode = purchase.packageCode();
    this.name = terms.name() + " for " + purchase.businessName();
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

  public CampaignsResource.CampaignView view() {
    return new CampaignsResource.CampaignView(
        id, customerId, packageCode, name, status, checkoutSessionId, launchAt, createdAt, endsAt);
  }

  /** As its buyer sees it, with the whole hours left until launch, rounded up (0 once launched). */
  public CampaignsResource.PortalCampaign portalView(Instant now) {
    long seconds =
        status == CampaignStatus.scheduled ? Duration.between(now, launchAt).toSeconds() : 0;
    return new CampaignsResource.PortalCampaign(
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
