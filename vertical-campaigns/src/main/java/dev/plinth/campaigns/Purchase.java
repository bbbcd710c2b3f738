package dev.plinth.campaigns;

import dev.plinth.campaigns.CampaignsResource.CheckoutRequest;
import dev.plinth.campaigns.CampaignsResource.PackageChange;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A contractor's checkout of a package: written when the checkout starts, with the details typed
 * and the package's terms as they were then, and tied to its Stripe Checkout Session.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "purchases")
public class Purchase extends TenantRecord {

  private String packageCode;
  private String businessName;
  private String email;
  private String city;
  private String state;
  private String checkoutSessionId;
  private String packageName;
  private Long launchDelayHours;
  private Long runDays;

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

  /** A checkout starting, with the buyer's business as typed and the package's terms as now. */
  public Purchase(CampaignPackage pkg, CheckoutRequest buyer, Instant now) {
    super(now);
    PackageChange terms = pkg.details();
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
  public PackageChange terms(CampaignPackage current) {
    PackageChange now = current.details();
    return packageName == null
        ? now
        : new PackageChange(
            packageName, now.priceAmount(), now.currency(), launchDelayHours, runDays);
  }

  public String businessName() {
    return businessName;
  }

  /** The buyer as the portal of this checkout shows them: as typed, without the email. */
  public CampaignsResource.PortalCustomer view() {
    return new CampaignsResource.PortalCustomer(businessName, city, state, null);
  }
}
