package dev.plinth.analyses;

import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.UserDirectory;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaid;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.SubscriptionChanged;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users of this vertical, and their subscriptions kept in step with Stripe: the payment
 * listener. An event is about the user its checkout named (the reference), else the user linked to
 * its Stripe customer, else the registered user with its email; an event that finds none fails, so
 * that it is retried and, in the end, left dead for an admin to replay.
 */
@ApplicationScoped
@TenantTransactional
public class Subscribers extends Repository<Subscriber> implements PaymentListener {

  @Inject UserDirectory directory;

  @Inject Tiers tiers;

  @Inject Notifications notifications;

  @Inject Clock clock;

  @Inject BillingService billing;

  Subscribers() {
    super(AnalysesModule.class, Subscriber.class, "user");
  }

  /**
   * The user, locked until the transaction ends, created on Free the first time it is seen. A user
   * the tenant's registry does not know (or erased) is 404.
   */
  public Subscriber lockRegistered(String userRef) {
    if (directory.find(userRef).isEmpty()) {
      throw ApiException.notFound("no user " + userRef);
    }
    return lockOrCreate(userRef);
  }

  /** The user read for a request, which marks a user's own call as seen. */
  public Subscriber touch(String userRef, boolean seen) {
    Subscriber s = lockRegistered(userRef);
    if (seen) {
      s.seen(clock.instant());
    }
    return s;
  }

  private Subscriber lockOrCreate(String userRef) {
    enrol(new UserDirectory.Registration(userRef, clock.instant()));
    return requireLocked(userRef);
  }

  /**
   * A page of the users by {@code userRef}, after {@code after} (null: from the first), filtered by
   * tier and status when given, for the tenant's view.
   */
  public List<Subscriber> list(String tier, Subscriber.Status status, String after, int limit) {
    StringBuilder jpql = new StringBuilder("SELECT s FROM Subscriber s WHERE s.userRef > :after");
    if (tier != null) {
      jpql.append(" AND s.tier = :tier");
    }
    if (status != null) {
      jpql.append(" AND s.status = :status");
    }
    TypedQuery<Subscriber> q =
        em().createQuery(jpql.append(" ORDER BY s.userRef").toString(), Subscriber.class)
            .setParameter("after", after == null ? "" : after)
            .setMaxResults(limit);
    if (tier != null) {
      q.setParameter("tier", tier);
    }
    if (status != null) {
      q.setParameter("status", status.name());
    }
    return q.getResultList();
  }

  /** How many users each tier has in each status. */
  public List<Headcount> headcounts() {
    return em().createQuery(
            "SELECT s.tier, s.status, COUNT(s) FROM Subscriber s GROUP BY s.tier, s.status"
                + " ORDER BY s.tier, s.status",
            Object[].class)
        .getResultStream()
        .map(
            r ->
                new Headcount(
                    (String) r[0],
                    Subscriber.Status.valueOf((String) r[1]),
                    ((Number) r[2]).longValue()))
        .toList();
  }

  /** The users of one tier in one status. */
  public record Headcount(String tier, Subscriber.Status status, long users) {}

  /**
   * A user known here from {@code r.registeredAt()}, or from before: its onboarding counts from its
   * registration even if it was first seen here later. A user already known from then or before is
   * left as it is (no write).
   */
  void enrol(UserDirectory.Registration r) {
    sql(
            "INSERT INTO analyses.users (tenant_id, user_ref, tier, status, created_at)"
                + " VALUES (?1, ?2, ?3, 'none', ?4) ON CONFLICT (tenant_id, user_ref)"
                + " DO UPDATE SET created_at = EXCLUDED.created_at"
                + " WHERE analyses.users.created_at > EXCLUDED.created_at",
            r.userRef(),
            Tier.FREE,
            r.registeredAt())
        .executeUpdate();
  }

  /** The users whose onboarding is not over, oldest first, a page of them at a time. */
  List<Subscriber> onboarding(int steps) {
    List<Subscriber> all = new ArrayList<>();
    Instant at = Instant.EPOCH;
    String ref = "";
    List<Subscriber> page;
    do {
      page =
          select(
                  "SELECT s FROM Subscriber s WHERE s.onboardingStep >= 0 AND s.onboardingStep < :steps"
                      + " AND (s.createdAt > :at OR (s.createdAt = :at AND s.userRef > :ref))"
                      + " ORDER BY s.createdAt, s.userRef",
                  "steps",
                  steps,
                  "at",
                  at,
                  "ref",
                  ref)
              .setMaxResults(PAGE)
              .getResultList();
      all.addAll(page);
      if (!page.isEmpty()) {
        at = page.get(page.size() - 1).createdAt();
        ref = page.get(page.size() - 1).userRef();
      }
    } while (page.size() == PAGE);
    return all;
  }

  /** Rows read per query where a job goes through every user. */
  static final int PAGE = 1000;

  @Override
  public void checkoutPaid(CheckoutPaid event) {
    String tier = event.facts().metadata().get("tier");
    if (event.subscriptionId() == null || tier == null) {
      return;
    }
    Subscriber s = owner(event);
    if (!duplicate(s, event.subscriptionId())) {
      s.checkoutPaid(tier, event.facts().customerId(), event.subscriptionId(), event.created());
    }
  }

  @Override
  public void subscriptionChanged(SubscriptionChanged event) {
    Subscriber user = owner(event);
    // An event newer than the user's state is applied as it is. Stripe sends the events of one
    // moment within the same second (a renewal that fails: updated for the new period, then
    // updated again as past due), and they are processed in any order: for such a tie the event
    // only says that the subscription changed, and Stripe's current state says how.
    Subscription s =
        user.isNewer(event.created())
            ? event.subscription()
            : billing.subscription(event.subscription().id());
    String tier =
        tiers
            .byPrice(s.priceId())
            .map(Tier::code)
            .orElseThrow(() -> new IllegalStateException("no tier has price " + s.priceId()));
    if (!duplicate(user, s.id())) {
      user.subscription(s, tier, event.created());
    }
  }

  @Override
  public void invoicePaid(InvoicePaid event) {
    Subscriber s = owner(event);
    if (!duplicate(s, event.subscriptionId())) {
      s.invoicePaid(event.subscriptionId(), event.created());
    } else if (event.facts().paymentIntentId() != null) {
      billing.refund(event.facts().paymentIntentId(), null, "duplicate " + event.subscriptionId());
    }
  }

  /**
   * Whether {@code subscriptionId} is a second subscription of a user who holds another that Stripe
   * still says is live (two checkouts paid at once). The first one seen is kept; the second is
   * cancelled at once, remembered (its invoices are refunded), and the user told, once. A user
   * whose held subscription has ended at Stripe (its event not here yet) is simply moving on.
   */
  private boolean duplicate(Subscriber s, String subscriptionId) {
    if (isDuplicate(subscriptionId)) {
      return true;
    }
    String held = s.subscriptionId();
    if (held == null || held.equals(subscriptionId) || !s.status().isPaying()) {
      return false;
    }
    if (!Subscriber.Status.of(billing.subscription(held).status()).isPaying()
        || !Subscriber.Status.of(billing.subscription(subscriptionId).status()).isPaying()) {
      return false;
    }
    sql(
            "INSERT INTO analyses.duplicate_subscriptions"
                + " (tenant_id, subscription_id, user_ref, kept, found_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5)",
            subscriptionId,
            s.userRef(),
            held,
            clock.instant())
        .executeUpdate();
    billing.cancelSubscription(subscriptionId, false);
    directory
        .find(s.userRef())
        .ifPresent(
            u ->
                notifications.enqueue(
                    new Notification(
                        u.email(),
                        "A second subscription was cancelled",
                        "You subscribed twice at the same moment. We kept your first"
                            + " subscription, cancelled the second and refund what it charged."
                            + " Your plan: "
                            + tenant.pageUrl("dashboard"),
                        "analyses.duplicate_subscription")));
    return true;
  }

  private boolean isDuplicate(String subscriptionId) {
    return subscriptionId != null
        && !sql(
                "SELECT 1 FROM analyses.duplicate_subscriptions"
                    + " WHERE tenant_id = ?1 AND subscription_id = ?2",
                subscriptionId)
            .getResultList()
            .isEmpty();
  }

  @Override
  public void invoicePaymentFailed(InvoicePaymentFailed event) {
    Subscriber s = owner(event);
    s.paymentFailed(event.subscriptionId(), event.created());
    // the user hears of a failure of the subscription they still hold, not of an ended one's
    boolean current = event.subscriptionId().equals(s.subscriptionId()) && s.status().isPaying();
    var amount = event.facts().amount();
    int recorded =
        sql(
                "INSERT INTO analyses.failed_payments (tenant_id, invoice_id, attempt, user_ref,"
                    + " amount, currency, failed_at, next_attempt)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
                event.invoiceId(),
                event.attemptCount(),
                s.userRef(),
                amount == null ? null : amount.amount(),
                amount == null ? null : amount.currency(),
                event.created())
            .setParameter(
                8, event.nextAttempt() == null ? null : Timestamp.from(event.nextAttempt()))
            .executeUpdate();
    if (recorded == 1 && current) {
      directory.find(s.userRef()).ifPresent(u -> notifications.enqueue(paymentFailed(u.email())));
    }
  }

  private Notification paymentFailed(String email) {
    return new Notification(
        email,
        "Your payment did not go through",
        "We could not take your subscription's payment. Please update your card from your"
            + " dashboard: "
            + tenant.pageUrl("dashboard")
            + "\n\nYou keep your plan for now; we will try again.",
        "analyses.payment_failed");
  }

  /** The user an event is about: by reference, then Stripe customer, then email. */
  private Subscriber owner(PaymentEvent event) {
    PaymentEvent.Facts f = event.facts();
    return Optional.ofNullable(f.reference())
        .filter(ref -> directory.find(ref).isPresent())
        .map(this::lockOrCreate)
        .or(() -> Optional.ofNullable(f.customerId()).flatMap(this::byCustomer))
        .or(() -> directory.byEmail(f.email()).map(u -> lockOrCreate(u.userRef())))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no user for event "
                        + f.eventId()
                        + " (reference, customer and email match none); it is retried"));
  }

  private Optional<Subscriber> byCustomer(String customerId) {
    return first(locking(where("customerId", customerId)));
  }

  /**
   * A subscription as Stripe answered a change made through the API, applied at once; its event
   * follows and confirms it.
   */
  public Subscriber changed(String userRef, Subscription s) {
    Subscriber u = requireLocked(userRef);
    String tier = tiers.byPrice(s.priceId()).map(Tier::code).orElse(u.tier());
    u.subscription(s, tier, null);
    return u;
  }

  /** The latest failed payments, newest first, for the tenant's view. */
  public List<AnalysesResource.FailedPayment> failedPayments(int limit) {
    return rows(
        AnalysesResource.FailedPayment.class,
        "SELECT invoice_id, attempt, user_ref, amount, currency, failed_at, next_attempt"
            + " FROM analyses.failed_payments WHERE tenant_id = ?1"
            + " ORDER BY failed_at DESC, invoice_id, attempt DESC LIMIT ?2",
        limit);
  }
}
