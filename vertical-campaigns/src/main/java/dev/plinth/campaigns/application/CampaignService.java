package dev.plinth.campaigns.application;

import dev.plinth.campaigns.domain.Appointment;
import dev.plinth.campaigns.domain.Campaign;
import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.campaigns.domain.CampaignStatus;
import dev.plinth.campaigns.domain.Customer;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Campaigns: made by payments (once per session, with the customer found or made once), moved by
 * the tenant and the lifecycle job. Each method is one tenant transaction.
 */
@ApplicationScoped
@TenantTransactional
public class CampaignService {

  /** Which tenant actions move a campaign from which states. */
  static final Map<String, Map<CampaignStatus, CampaignStatus>> ACTIONS =
      Map.of(
          "pause", Map.of(CampaignStatus.active, CampaignStatus.paused),
          "resume", Map.of(CampaignStatus.paused, CampaignStatus.active),
          "cancel",
              Map.of(
                  CampaignStatus.scheduled, CampaignStatus.cancelled,
                  CampaignStatus.active, CampaignStatus.cancelled,
                  CampaignStatus.paused, CampaignStatus.cancelled));

  @PersistenceContext(unitName = "campaigns")
  EntityManager em;

  @Inject PackageService packages;

  @Inject BillingService billing;

  @Inject TenantContext tenant;

  @Inject Clock clock;

  /**
   * What a paid checkout-session event says.
   *
   * @param sessionId the Checkout Session
   * @param reference the purchase id Plinth put in its metadata
   * @param paymentIntentId the payment
   * @param stripeCustomerId Stripe's customer, when Stripe made one
   * @param email the email the buyer paid with
   * @param created when Stripe created the event
   */
  public record Paid(
      String sessionId,
      Optional<String> reference,
      String paymentIntentId,
      String stripeCustomerId,
      String email,
      Instant created) {}

  /**
   * A purchase was paid: its customer is found (by Stripe id, then email) or made, and one campaign
   * is scheduled for the session. Safe to run twice, or at once for two events of one customer.
   */
  public void paid(Paid p) {
    Optional<Purchase> found = purchase(p.sessionId(), p.reference());
    if (found.isEmpty()) {
      return;
    }
    Purchase purchase = found.get();
    purchase.ended(Purchase.Status.paid);
    Customer customer = customerFor(purchase.buyer(), p.stripeCustomerId());
    CampaignPackage.Details terms = purchase.terms(packages.require(purchase.packageCode()));
    Instant now = clock.instant();
    em.createNativeQuery(
            "INSERT INTO campaigns.campaigns (id, tenant_id, customer_id, purchase_id,"
                + " package_code, name, status, checkout_session_id, payment_intent_id, paid_at,"
                + " launch_at, run_days, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                + " 'scheduled', ?7, ?8, ?9, ?10, ?11, ?12, ?12)"
                + " ON CONFLICT (tenant_id, checkout_session_id) DO NOTHING")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, tenant.tenantId())
        .setParameter(3, customer.id())
        .setParameter(4, purchase.id())
        .setParameter(5, purchase.packageCode())
        .setParameter(6, terms.name() + " for " + purchase.buyer().businessName())
        .setParameter(7, p.sessionId())
        .setParameter(8, p.paymentIntentId())
        .setParameter(9, Timestamp.from(p.created()))
        .setParameter(
            10, Timestamp.from(p.created().plus(Duration.ofHours(terms.launchDelayHours()))))
        .setParameter(11, terms.runDays())
        .setParameter(12, Timestamp.from(now))
        .executeUpdate();
    if (billing.isRefunded(p.paymentIntentId())) {
      // the refund's event came first: the campaign it paid for is cancelled before it starts
      refunded(p.paymentIntentId());
    }
  }

  /**
   * A checkout ended unpaid: a delayed payment failed, or the session expired. The purchase says so
   * (the portal then answers 409), unless it was paid.
   */
  public void ended(String sessionId, Optional<String> reference, Purchase.Status outcome) {
    purchase(sessionId, reference).ifPresent(p -> p.ended(outcome));
  }

  /** The purchase a session's event is about: by the reference Plinth put on it, or the session. */
  private Optional<Purchase> purchase(String sessionId, Optional<String> reference) {
    return reference
        .flatMap(Ids::tryParse)
        .map(id -> em.find(Purchase.class, id))
        .or(() -> purchaseBySession(sessionId));
  }

  private Customer customerFor(Purchase.Buyer buyer, String stripeCustomerId) {
    Instant now = clock.instant();
    if (stripeCustomerId != null) {
      Optional<Customer> known =
          em.createNamedQuery("Customer.byStripeId", Customer.class)
              .setParameter("id", stripeCustomerId)
              .getResultStream()
              .findFirst();
      if (known.isPresent()) {
        return known.get();
      }
    }
    // a concurrent payment of the same customer waits here for the other's insert, then finds it
    em.createNativeQuery(
            "INSERT INTO campaigns.customers (id, tenant_id, business_name, email, city, state,"
                + " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
                + " ON CONFLICT (tenant_id, lower(email)) DO NOTHING")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, tenant.tenantId())
        .setParameter(3, buyer.businessName())
        .setParameter(4, buyer.email())
        .setParameter(5, buyer.city())
        .setParameter(6, buyer.state())
        .setParameter(7, Timestamp.from(now))
        .executeUpdate();
    Customer c =
        em.createNamedQuery("Customer.byEmail", Customer.class)
            .setParameter("email", buyer.email())
            .getSingleResult();
    c.knownToStripeAs(stripeCustomerId, now);
    return c;
  }

  /** A full refund before launch cancels the campaign; a launched one runs its course. */
  public void refunded(String paymentIntentId) {
    em.createNamedQuery("Campaign.byPayment", Campaign.class)
        .setParameter("payment", paymentIntentId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .filter(c -> c.status() == CampaignStatus.scheduled)
        .forEach(c -> c.moveTo(CampaignStatus.cancelled, clock.instant()));
  }

  public List<Campaign> list(CampaignStatus status) {
    return status == null
        ? em.createNamedQuery("Campaign.all", Campaign.class).getResultList()
        : em.createNamedQuery("Campaign.byStatus", Campaign.class)
            .setParameter("status", status)
            .getResultList();
  }

  public Campaign require(UUID id) {
    Campaign c = em.find(Campaign.class, id);
    if (c == null) {
      throw ApiException.notFound("no campaign " + id);
    }
    return c;
  }

  /** The tenant pauses, resumes or cancels a campaign; 409 from a state that does not allow it. */
  public Campaign act(UUID id, String action) {
    // locked, so that the lifecycle job and a refund see this change, and this one sees theirs
    Campaign c = em.find(Campaign.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (c == null) {
      throw ApiException.notFound("no campaign " + id);
    }
    CampaignStatus to = ACTIONS.get(action).get(c.status());
    if (to == null) {
      throw ApiException.conflict(
          "invalid_transition", "a " + c.status() + " campaign cannot be asked to " + action);
    }
    c.moveTo(to, clock.instant());
    return c;
  }

  /**
   * The lifecycle job's step: launches campaigns that are due, completes those that have run. Each
   * is one conditional update, so a campaign the tenant cancelled a moment ago is not launched.
   */
  public int advance() {
    Timestamp now = Timestamp.from(clock.instant());
    int launched =
        em.createNativeQuery(
                "UPDATE campaigns.campaigns SET status = 'active', launched_at = ?2,"
                    + " ends_at = CASE WHEN run_days IS NULL THEN NULL"
                    + " ELSE launch_at + run_days * interval '1 day' END, updated_at = ?2"
                    + " WHERE tenant_id = ?1 AND status = 'scheduled' AND launch_at <= ?2")
            .setParameter(1, tenant.tenantId())
            .setParameter(2, now)
            .executeUpdate();
    int completed =
        em.createNativeQuery(
                "UPDATE campaigns.campaigns SET status = 'completed', updated_at = ?2"
                    + " WHERE tenant_id = ?1 AND status = 'active' AND ends_at <= ?2")
            .setParameter(1, tenant.tenantId())
            .setParameter(2, now)
            .executeUpdate();
    return launched + completed;
  }

  public Appointment addAppointment(
      UUID campaignId, String customerName, Instant at, String notes) {
    require(campaignId);
    Appointment a =
        new Appointment(UUID.randomUUID(), campaignId, customerName, at, notes, clock.instant());
    em.persist(a);
    return a;
  }

  public List<Appointment> appointments(UUID campaignId) {
    require(campaignId);
    return em.createNamedQuery("Appointment.ofCampaign", Appointment.class)
        .setParameter("campaign", campaignId)
        .getResultList();
  }

  private Optional<Purchase> purchaseBySession(String sessionId) {
    return sessionId == null
        ? Optional.empty()
        : em.createNamedQuery("Purchase.bySession", Purchase.class)
            .setParameter("session", sessionId)
            .getResultStream()
            .findFirst();
  }
}
