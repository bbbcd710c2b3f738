package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Campaigns of the bound tenant, and their appointments; callers bring the transaction. */
@ApplicationScoped
public class CampaignRepository extends Repository<Campaign> {

  CampaignRepository() {
    super(CampaignsModule.class, Campaign.class, "campaign");
  }

  /** Newest first; all of them when {@code status} is null. */
  public List<Campaign> list(CampaignStatus status) {
    return status == null
        ? named("Campaign.all").getResultList()
        : named("Campaign.byStatus", "status", status).getResultList();
  }

  public Optional<Campaign> bySession(String sessionId) {
    return first("Campaign.bySession", "session", sessionId);
  }

  public List<Campaign> ofCustomer(UUID customerId) {
    return named("Campaign.ofCustomer", "customer", customerId).getResultList();
  }

  /** The campaigns a payment paid for, locked. */
  public List<Campaign> lockByPayment(String paymentIntentId) {
    return locked("Campaign.byPayment", "payment", paymentIntentId).getResultList();
  }

  /**
   * The campaigns due to launch or to complete at {@code now}, locked: one that the tenant cancels
   * meanwhile is either cancelled after the job moved it, or no longer due when the job reads it.
   */
  public List<Campaign> lockDue(Instant now) {
    return locked("Campaign.due", "now", now).getResultList();
  }

  public void book(Appointment a) {
    em().persist(a);
  }

  public List<Appointment> appointments(UUID campaignId) {
    return named(Appointment.class, "Appointment.ofCampaign", "campaign", campaignId)
        .getResultList();
  }

  public long appointmentCount(Collection<UUID> campaignIds) {
    return campaignIds.isEmpty()
        ? 0
        : named(Long.class, "Appointment.countFor", "campaigns", campaignIds).getSingleResult();
  }
}
