package dev.plinth.campaigns;

import dev.plinth.spi.Refusal;
import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A contractor's checkout of a package: written when the checkout starts, with the details typed
 * and the package's terms as they were then, and tied to its Stripe Checkout Session.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "purchases")
@NamedQuery(
    name = "Purchase.bySession",
    query = "SELECT p FROM Purchase p WHERE p.checkoutSessionId = :session")
public class Purchase extends TenantRecord {

  @Column(name = "package_code")
  private String packageCode;

  @Column(name = "business_name")
  private String businessName;

  private String email;
  private String city;
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
  private Status status;

  /**
   * How the checkout ended: still {@code pending} (being paid, or a delayed payment settling),
   * {@code paid} (its campaign exists), {@code failed} (a delayed payment was declined) or {@code
   * expired} (closed unpaid).
   */
  public enum Status {
    pending,
    paid,
    failed,
    expired
  }

  protected Purchase() {}

  public Purchase(CampaignPackage pkg, Buyer buyer, Instant now) {
    super(now);
    CampaignPackage.Details terms = pkg.details();
    this.packageCode = pkg.code();
    this.packageName = terms.name();
    this.launchDelayHours = terms.launchDelayHours();
    this.runDays = terms.runDays();
    this.businessName = buyer.businessName();
    this.email = buyer.email();
    this.city = buyer.city();
    this.state = buyer.state();
    this.status = Status.pending;
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

  /** Refuses a checkout that ended unpaid: {@code payment_failed} or {@code checkout_expired}. */
  public void refuseIfUnpaid() {
    switch (status) {
      case failed ->
          throw Refusal.conflict("payment_failed", "the payment for this checkout was declined");
      case expired ->
          throw Refusal.conflict("checkout_expired", "this checkout expired before it was paid");
      default -> {}
    }
  }

  public void attachSession(String sessionId) {
    this.checkoutSessionId = sessionId;
  }

  public String packageCode() {
    return packageCode;
  }

  /** The terms bought: kept at checkout, or {@code current}'s for a purchase older than that. */
  public CampaignPackage.Details terms(CampaignPackage current) {
    CampaignPackage.Details now = current.details();
    return packageName == null
        ? now
        : new CampaignPackage.Details(
            packageName, now.priceAmount(), now.currency(), launchDelayHours, runDays);
  }

  public Buyer buyer() {
    return new Buyer(businessName, email, city, state);
  }

  /** The buyer as the portal of this checkout shows them: as typed, without the email. */
  public Responses.PortalCustomer view() {
    return new Responses.PortalCustomer(businessName, city, state, null);
  }
}
