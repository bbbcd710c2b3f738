package dev.plinth.campaigns;

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

  public Appointment(UUID campaignId, String customerName, Instant at, String notes, Instant now) {
    super(now);
    this.campaignId = campaignId;
    this.customerName = customerName;
    this.at = at;
    this.notes = notes;
  }

  public Responses.AppointmentView view() {
    return new Responses.AppointmentView(id, campaignId, customerName, at, notes);
  }
}
