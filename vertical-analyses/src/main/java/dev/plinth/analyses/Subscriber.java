package dev.plinth.analyses;

import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * An end user as this vertical sees it: a tier and a subscription kept in step with Stripe's
 * events. Events come in any order: {@code stateAt} is Stripe's time of the last one applied, and
 * an older one changes nothing; a subscription that ended never comes back.
 */
@Entity
@Table(schema = AnalysesModule.ID, name = "users")
public class Subscriber extends TenantOwned {

  /** The statuses this vertical keeps. */
  public enum Status {
    active,
    trialing,
    past_due,
    canceled,
    none;

    /** Stripe's status in this vertical's words. */
    static Status of(String stripe) {
      return switch (stripe) {
        case "active" -> active;
        case "trialing" -> trialing;
        case "past_due", "unpaid" -> past_due;
        case "canceled", "paused" -> canceled;
        default -> none; // incomplete, incomplete_expired
      };
    }

    /** Whether the user holds the subscription's tier. */
    boolean isPaying() {
      return this == active || this == trialing || this == past_due;
    }
  }

  @Id
  @Column(name = "user_ref")
  private String userRef;

  private String tier;
  private String status;
  private String customerId;
  private String subscriptionId;
  private Instant periodStart;
  private Instant periodEnd;
  private boolean cancelAtPeriodEnd;
  private Instant pastDueSince;
  private Instant stateAt;
  private String endedSubscription;
  private Instant lastSeenAt;

  /** The next onboarding email, or -1 once the user upgraded. */
  private int onboardingStep;

  private Instant createdAt;

  protected Subscriber() {}

  /** A user first seen at {@code at}: Free, with no subscription. */
  Subscriber(String userRef, Instant at) {
    this.userRef = userRef;
    this.tier = Tier.FREE;
    this.status = Status.none.name();
    this.createdAt = at;
  }

  Instant createdAt() {
    return createdAt;
  }

  public String userRef() {
    return userRef;
  }

  public String tier() {
    return tier;
  }

  public Status status() {
    return Status.valueOf(status);
  }

  public String customerId() {
    return customerId;
  }

  public String subscriptionId() {
    return subscriptionId;
  }

  public Instant periodStart() {
    return periodStart;
  }

  public Instant periodEnd() {
    return periodEnd;
  }

  public boolean cancelAtPeriodEnd() {
    return cancelAtPeriodEnd;
  }

  public Instant pastDueSince() {
    return pastDueSince;
  }

  public Instant lastSeenAt() {
    return lastSeenAt;
  }

  /**
   * The user called at {@code at}. Kept to the minute: a dashboard that polls does not rewrite the
   * row on every call.
   */
  void seen(Instant at) {
    if (lastSeenAt == null || !at.isBefore(lastSeenAt.plus(SEEN_PRECISION))) {
      lastSeenAt = at;
    }
  }

  /** How fresh {@code lastSeenAt} is kept. */
  static final Duration SEEN_PRECISION = Duration.ofMinutes(1);

  /**
   * The onboarding email due now, if one is: step {@code n} goes {@code after.get(n)} after the
   * user was registered (or first seen), once, and none after the user upgraded. When several are
   * due (a user who came to this vertical late), only the latest goes: a user never gets a burst.
   */
  OptionalInt onboardingDue(List<Duration> after, Instant now) {
    int due = -1;
    for (int step = Math.max(onboardingStep, 0); step < after.size(); step++) {
      if (onboardingStep >= 0 && !now.isBefore(createdAt.plus(after.get(step)))) {
        due = step;
      }
    }
    return due < 0 ? OptionalInt.empty() : OptionalInt.of(due);
  }

  void onboarded(int step) {
    onboardingStep = step + 1;
  }

  /** Whether an event Stripe created at {@code created} is not older than the state. */
  /** Whether a state of {@code created} is strictly newer than the one the user has. */
  boolean isNewer(Instant created) {
    return stateAt == null || created.isAfter(stateAt);
  }

  private boolean isCurrent(Instant created) {
    return stateAt == null || !created.isBefore(stateAt);
  }

  /** A subscription checkout was paid: the tier is set and the customer linked. */
  void checkoutPaid(String tierCode, String customer, String subscription, Instant created) {
    if (!isCurrent(created) || subscription == null || subscription.equals(endedSubscription)) {
      return;
    }
    tier = tierCode;
    onboardingStep = -1;
    customerId = customer;
    subscriptionId = subscription;
    if (!status().isPaying()) {
      status = Status.active.name();
    }
    stateAt = created;
  }

  /**
   * The subscription as Stripe tells it: tier, status and period follow it. {@code paidTier} is the
   * tier its price stands for. {@code created} is null for a state Stripe answered a change with:
   * it is applied at once, and its event confirms it.
   */
  void subscription(Subscription s, String paidTier, Instant created) {
    Status next = Status.of(s.status());
    boolean another = subscriptionId != null && !subscriptionId.equals(s.id());
    // a subscription never goes back to incomplete, whatever the order its events come in
    boolean backToIncomplete = !another && status().isPaying() && next == Status.none;
    if (s.id().equals(endedSubscription)
        || (created != null && !isCurrent(created))
        || (another && status().isPaying() && !next.isPaying())
        || backToIncomplete) {
      return;
    }
    customerId = s.customerId();
    status = next.name();
    stateAt = created == null ? stateAt : created;
    if (next.isPaying()) {
      tier = paidTier;
      onboardingStep = -1;
      subscriptionId = s.id();
      periodStart = s.currentPeriodStart();
      periodEnd = s.currentPeriodEnd();
      cancelAtPeriodEnd = s.cancelAtPeriodEnd();
      pastDueSince = next == Status.past_due ? firstNonNull(pastDueSince, stateAt) : null;
      return;
    }
    tier = Tier.FREE;
    // only Stripe's canceled ends a subscription: a paused one reads canceled here, but resumes
    boolean ended = "canceled".equals(s.status());
    subscriptionId = ended ? null : s.id();
    endedSubscription = ended ? s.id() : endedSubscription;
    periodStart = null;
    periodEnd = null;
    cancelAtPeriodEnd = false;
    pastDueSince = null;
  }

  /** An invoice of the subscription was paid: a past-due user is active again. */
  void invoicePaid(String subscription, Instant created) {
    if (!isCurrent(created) || !subscription.equals(subscriptionId)) {
      return;
    }
    if (status() == Status.past_due) {
      status = Status.active.name();
      pastDueSince = null;
    }
    stateAt = created;
  }

  /** Paying an invoice failed: the user is past due (and keeps the tier for the grace period). */
  void paymentFailed(String subscription, Instant created) {
    if (!isCurrent(created) || !subscription.equals(subscriptionId) || !status().isPaying()) {
      return;
    }
    status = Status.past_due.name();
    pastDueSince = firstNonNull(pastDueSince, created);
    stateAt = created;
  }

  private static Instant firstNonNull(Instant a, Instant b) {
    return a != null ? a : b;
  }
}
