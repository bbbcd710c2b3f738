package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
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
public class Appointment extends TenantOwned {

  @Id private UUID id;

  @Column(name = "campaign_id")
  private UUID campaignId;

  @Column(name = "customer_name")
  private String customerName;

  private Instant at;
  private String notes;

  @Column(name = "created_at")
  private Instant createdAt;

  protected Appointment() {}

  public Appointment(
      UUID id, UUID campaignId, String customerName, Instant at, String notes, Instant now) {
    this.id = id;
    this.campaignId = campaignId;
    this.customerName = customerName;
    this.at = at;
    this.notes = notes;
    this.createdAt = now;
  }

  public UUID id() {
    return id;
  }

  public UUID campaignId() {
    return campaignId;
  }

  public String customerName() {
    return customerName;
  }

  public Instant at() {
    return at;
  }

  public String notes() {
    return notes;
  }
}
