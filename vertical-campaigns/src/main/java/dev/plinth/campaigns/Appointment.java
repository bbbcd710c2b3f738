package dev.plinth.campaigns;

import dev.plinth.campaigns.CampaignsResource.AppointmentRequest;
import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An appointment a campaign brought in, recorded by the tenant. */
@Entity
@Table(schema = CampaignsModule.ID, name = "appointments")
public class Appointment extends TenantRecord {

  private UUID campaignId;
  private String customerName;
  private Instant at;
  private String notes;

  protected Appointment() {}

  public Appointment(UUID campaignId, AppointmentRequest body, Instant now) {
    super(now);
    this.campaignId = campaignId;
    this.customerName = body.customerName();
    this.at = body.at();
    this.notes = body.notes();
  }

  public CampaignsResource.AppointmentView view() {
    return new CampaignsResource.AppointmentView(id, campaignId, customerName, at, notes);
  }
}
