package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A contractor's checkout of a package: written when the checkout starts, with the details typed
 * and the package's terms as they were then, and tied to its Stripe Checkout Session. Its campaign
 * exists once the payment is processed; until then the portal answers "processing". Its {@link
 * Status} says how the checkout ended, as Stripe's events tell.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "purchases")
@NamedQuery(
    name = "Purchase.bySession",
    query = "SELECT p FROM Purchase p WHERE p.checkoutSessionId = :session")
public class Purchase extends TenantOwned {

  @Id private UUID id;

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

  @Column(name = "created_at")
  private Instant createdAt;

  /** How the checkout ended. */
  public enum Status {
    /** Not paid yet: the buyer is paying, or a delayed payment is settling. */
    pending,
    /** Paid: its campaign exists. */
    paid,
    /** A delayed payment was declined ({@code CheckoutPaymentFailed}). */
    failed,
    /** The checkout closed unpaid ({@code CheckoutExpired}). */
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

  /**
   * Refuses a checkout that ended unpaid, with {@code payment_failed} or {@code checkout_expired};
   * nothing for one that is still pending or paid.
   */
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
}
