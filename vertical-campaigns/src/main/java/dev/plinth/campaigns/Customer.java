package dev.plinth.campaigns;

import dev.plinth.spi.SignInLinks;
import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A contractor who bought at least one campaign. Made by the payment webhook, found first by its
 * Stripe customer id, then by email; the database keeps one per email and one per Stripe customer,
 * so concurrent payments never make two.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "customers")
public class Customer extends EditableRecord {

  private String businessName;
  private String email;
  private String city;
  private String state;
  private String stripeCustomerId;

  protected Customer() {}

  /** As the whole portal shows them. */
  public CampaignsResource.PortalCustomer view() {
    return new CampaignsResource.PortalCustomer(businessName, city, state, email);
  }

  /** As a link to the whole portal addresses them. */
  public SignInLinks.Recipient recipient() {
    return new SignInLinks.Recipient(id.toString(), email, businessName);
  }

  /** Learns its Stripe customer id, if it had none. */
  public void knownToStripeAs(String id, Instant now) {
    if (stripeCustomerId == null && id != null) {
      stripeCustomerId = id;
      changed(now);
    }
  }
}
