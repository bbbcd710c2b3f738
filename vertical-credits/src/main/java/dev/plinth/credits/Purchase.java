package dev.plinth.credits;

import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A user's purchase of a package: its credits reserved against the capacity from the moment its
 * checkout is created, then the user's once paid, or given back to the capacity.
 */
@Entity
@Table(schema = CreditsModule.ID, name = "purchases")
public class Purchase extends TenantRecord {

  public enum Status {
    reserved,
    paid,
    released,
    /** Paid after its reservation went back, with no capacity left: refunded in full. */
    unfilled
  }

  private String userRef;
  private String packageCode;
  private long credits;
  private long priceAmount;
  private String currency;
  private String sessionId;

  @Enumerated(EnumType.STRING)
  private Status status;

  private long clawedBack;
  private long frozen;
  private String disputesClosed = "";
  private Instant paidAt;
  private String paymentIntentId;
  private String customerId;

  protected Purchase() {}

  Purchase(String userRef, CreditPackage p, Instant now) {
    super(now);
    this.userRef = userRef;
    this.packageCode = p.code();
    this.credits = p.credits();
    this.priceAmount = p.priceAmount();
    this.currency = p.currency();
    this.status = Status.reserved;
  }

  /**
   * The credits to have clawed back in all once {@code refunded} of {@code charged} is refunded:
   * the floor of the credits' refunded share. It is cumulative, so partial refunds that add up to
   * the whole payment claw back exactly all the credits, and a payment refunded in full claws back
   * all of them.
   */
  static long clawbackFor(long credits, long refunded, long charged) {
    if (charged <= 0 || refunded <= 0) {
      return 0;
    }
    if (refunded >= charged) {
      return credits;
    }
    return Math.multiplyExact(credits, refunded) / charged;
  }

  /** What of the credits is neither clawed back nor frozen. */
  long left() {
    return credits - clawedBack - frozen;
  }

  public String userRef() {
    return userRef;
  }

  public String packageCode() {
    return packageCode;
  }

  public long credits() {
    return credits;
  }

  public long priceAmount() {
    return priceAmount;
  }

  public String currency() {
    return currency;
  }

  public String sessionId() {
    return sessionId;
  }

  public Status status() {
    return status;
  }

  public long clawedBack() {
    return clawedBack;
  }

  public long frozen() {
    return frozen;
  }

  public Instant paidAt() {
    return paidAt;
  }

  /** The purchase as the tenant's purchase log shows it, with its Stripe ids. */
  CreditsResource.PurchaseRow row() {
    return new CreditsResource.PurchaseRow(
        id(),
        userRef,
        packageCode,
        credits,
        priceAmount,
        currency,
        status.name(),
        sessionId,
        paymentIntentId,
        customerId,
        clawedBack,
        frozen,
        createdAt(),
        paidAt);
  }

  void attach(String sessionId) {
    this.sessionId = sessionId;
  }

  void paid(Instant at, String paymentIntentId, String customerId) {
    this.status = Status.paid;
    this.paidAt = at;
    this.paymentIntentId = paymentIntentId;
    this.customerId = customerId;
  }

  void unfilled(Instant at, String paymentIntentId, String customerId) {
    paid(at, paymentIntentId, customerId);
    this.status = Status.unfilled;
  }

  void released() {
    this.status = Status.released;
  }

  void clawedBack(long more) {
    this.clawedBack += more;
  }

  boolean disputeClosed(String disputeId) {
    return java.util.Arrays.asList(disputesClosed.split(",")).contains(disputeId);
  }

  void closeDispute(String disputeId) {
    disputesClosed = disputesClosed.isEmpty() ? disputeId : disputesClosed + "," + disputeId;
  }

  void frozen(long credits) {
    this.frozen = credits;
  }
}
