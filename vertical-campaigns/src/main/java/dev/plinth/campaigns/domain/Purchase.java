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
 * A contractor's checkout of a package: written when the checkout starts, with the details typed,
 * and tied to its Stripe Checkout Session. Its campaign exists once the payment is processed; until
 * then the portal answers "processing".
 */
@Entity
@Table(schema = "campaigns", name = "purchases")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = "eclipselink.tenant-id")
@NamedQuery(
    name = "Purchase.bySession",
    query = "SELECT p FROM Purchase p WHERE p.checkoutSessionId = :session")
public class Purchase {

  @Id private UUID id;

  @Column(name = "package_code", nullable = false)
  private String packageCode;

  @Column(name = "business_name", nullable = false)
  private String businessName;

  @Column(nullable = false)
  private String email;

  @Column(nullable = false)
  private String city;

  @Column(nullable = false)
  private String state;

  @Column(name = "checkout_session_id")
  private String checkoutSessionId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Purchase() {}

  public Purchase(UUID id, String packageCode, Buyer buyer, Instant now) {
    this.id = id;
    this.packageCode = packageCode;
    this.businessName = buyer.businessName();
    this.email = buyer.email();
    this.city = buyer.city();
    this.state = buyer.state();
    this.createdAt = now;
  }

  /** Who buys: the contractor's business. */
  public record Buyer(String businessName, String email, String city, String state) {}

  public void attachSession(String sessionId) {
    this.checkoutSessionId = sessionId;
  }

  public UUID id() {
    return id;
  }

  public String packageCode() {
    return packageCode;
  }

  public Buyer buyer() {
    return new Buyer(businessName, email, city, state);
  }

  public String checkoutSessionId() {
    return checkoutSessionId;
  }
}
