package dev.plinth.campaigns.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * A contractor's checkout of a package: written when the checkout starts, with the details typed
 * and the package's terms as they were then, and tied to its Stripe Checkout Session. Its campaign
 * exists once the payment is processed; until then the portal answers "processing". Its {@link
 * Status} says how the checkout ended, as Stripe's events tell.
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

  @Column(name = "package_name")
  private String packageName;

  @Column(name = "launch_delay_hours")
  private Integer launchDelayHours;

  @Column(name = "run_days")
  private Integer runDays;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** How the checkout ended. */
  public enum Status {
    /** Not paid yet: the buyer is paying, or a delayed payment is settling. */
    pending,
    /** Paid: its campaign exists. */
    paid,
    /** A delayed payment was declined ({@code checkout.session.async_payment_failed}). */
    failed,
    /** The checkout closed unpaid ({@code checkout.session.expired}). */
    expired
  }

  protected Purchase() {}

  public Purchase(UUID id, CampaignPackage pkg, Buyer buyer, Instant now) {
    this.id = id;
    this.packageCode = pkg.code();
    this.packageName = pkg.name();
    this.launchDelayHours = pkg.launchDelayHours();
    this.runDays = pkg.runDays();
    this.businessName = buyer.businessName();
    this.email = buyer.email();
    this.city = buyer.city();
    this.state = buyer.state();
    this.status = Status.pending;
    this.createdAt = now;
  }

  /** Who buys: the contractor's business. */
  public record Buyer(String businessName, String email, String city, String state) {}

  public Status status() {
    return status;
  }

  /** Records how the checkout ended: a payment always counts; a failure only ends a pending one. */
  public void ended(Status outcome) {
    if (outcome == Status.paid || status == Status.pending) {
      status = outcome;
    }
  }

  public void attachSession(String sessionId) {
    this.checkoutSessionId = sessionId;
  }

  public UUID id() {
    return id;
  }

  public String packageCode() {
    return packageCode;
  }

  /**
   * The package's terms as bought: taken at checkout, or from {@code current} for a purchase made
   * before terms were kept.
   */
  public CampaignPackage.Details terms(CampaignPackage current) {
    return packageName == null
        ? new CampaignPackage.Details(
            current.name(),
            current.priceAmount(),
            current.currency(),
            current.launchDelayHours(),
            current.runDays())
        : new CampaignPackage.Details(
            packageName, current.priceAmount(), current.currency(), launchDelayHours, runDays);
  }

  public Buyer buyer() {
    return new Buyer(businessName, email, city, state);
  }

  public String checkoutSessionId() {
    return checkoutSessionId;
  }
}
