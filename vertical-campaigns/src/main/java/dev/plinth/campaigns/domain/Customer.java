package dev.plinth.campaigns.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * A contractor who bought at least one campaign. Made by the payment webhook, found first by its
 * Stripe customer id, then by email; the database keeps one per email and one per Stripe customer,
 * so concurrent payments never make two.
 */
@Entity
@Table(schema = "campaigns", name = "customers")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = "eclipselink.tenant-id")
@NamedQuery(
    name = "Customer.byStripeId",
    query = "SELECT c FROM Customer c WHERE c.stripeCustomerId = :id")
@NamedQuery(
    name = "Customer.byEmail",
    query = "SELECT c FROM Customer c WHERE LOWER(c.email) = LOWER(:email)")
@NamedQuery(name = "Customer.count", query = "SELECT count(c) FROM Customer c")
public class Customer {

  @Id private UUID id;

  @Column(name = "business_name", nullable = false)
  private String businessName;

  @Column(nullable = false)
  private String email;

  @Column(nullable = false)
  private String city;

  @Column(nullable = false)
  private String state;

  @Column(name = "stripe_customer_id")
  private String stripeCustomerId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Customer() {}

  public UUID id() {
    return id;
  }

  public String businessName() {
    return businessName;
  }

  public String email() {
    return email;
  }

  public String city() {
    return city;
  }

  public String state() {
    return state;
  }

  public String stripeCustomerId() {
    return stripeCustomerId;
  }

  /** Learns its Stripe customer id, if it had none. */
  public void knownToStripeAs(String id, Instant now) {
    if (stripeCustomerId == null && id != null) {
      stripeCustomerId = id;
      updatedAt = now;
    }
  }
}
