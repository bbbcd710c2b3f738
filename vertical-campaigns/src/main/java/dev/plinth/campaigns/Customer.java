package dev.plinth.campaigns;

import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A contractor who bought at least one campaign. Made by the payment webhook, found first by its
 * Stripe customer id, then by email; the database keeps one per email and one per Stripe customer,
 * so concurrent payments never make two.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "customers")
@NamedQuery(
    name = "Customer.byStripeId",
    query = "SELECT c FROM Customer c WHERE c.stripeCustomerId = :id")
@NamedQuery(
    name = "Customer.byEmail",
    query = "SELECT c FROM Customer c WHERE LOWER(c.email) = LOWER(:email)")
public class Customer extends TenantOwned {

  @Id private UUID id;

  @Column(name = "business_name")
  private String businessName;

  private String email;
  private String city;
  private String state;

  @Column(name = "stripe_customer_id")
  private String stripeCustomerId;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected Customer() {}

  public UUID id() {
    return id;
  }

  /** As the whole portal shows them. */
  public Responses.PortalCustomer view() {
    return new Responses.PortalCustomer(businessName, city, state, email);
  }

  /** Learns its Stripe customer id, if it had none. */
  public void knownToStripeAs(String id, Instant now) {
    if (stripeCustomerId == null && id != null) {
      stripeCustomerId = id;
      updatedAt = now;
    }
  }
}
