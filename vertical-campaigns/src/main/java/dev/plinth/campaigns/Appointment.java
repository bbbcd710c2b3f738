package dev.plinth.campaigns;

import dev.plinth.campaigns.CampaignsResource.AppointmentRequest;
import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An appointment a campaign brought in, recorded by the tenant. */
@Entity
@Table(schema = CampaignsModule.ID, name = "appointments")
@NamedQuery(
    name = "Appointment.ofCampaign",
    query = "SELECT a FROM Appointment a WHERE a.campaignId = :campaign ORDER BY a.at, a.id")
@NamedQuery(
    name = "Appointment.countFor",
    query = "SELECT count(a) FROM Appointment a WHERE a.campaignId IN :campaigns")
public class Appointment extends TenantRecord {

  @Column(name = "campaign_id")
  private UUID campaignId;

  @Column(name = "customer_name")
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
