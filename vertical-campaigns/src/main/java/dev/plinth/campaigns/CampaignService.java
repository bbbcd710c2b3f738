package dev.plinth.campaigns;

import dev.plinth.spi.Refusal;
import dev.plinth.spi.SignInLinks;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The tenant's packages, the purchases that checkouts of them start, and the campaigns that paid
 * purchases schedule, as the payment events it listens to tell; the tenant and the lifecycle job
 * move campaigns on; contractors see them in their portal. Each method is one tenant transaction.
 *
 * <p>A Checkout Session id (in the success URL) shows only what was bought in that checkout, as the
 * buyer typed it: anyone may pay with any email, so a session never opens the customer's other
 * purchases. The customer's whole portal needs proof of the email: a link sent there, good for one
 * opening, which gives a portal session in a cookie ({@link SignInLinks}), naming the customer.
 */
@ApplicationScoped
@TenantTransactional
public class CampaignService extends Repository<Campaign> implements PaymentListener {

  @Inject BillingService billing;
  @Inject TenantContext tenant;
  @Inject Clock clock;

  CampaignService() {
    super(CampaignsModule.class, Campaign.class, "campaign");
  }

  /** A purchase started, with the package it is for. */
  public record Started(UUID purchaseId, CampaignPackage pkg) {}

  public List<CampaignPackage> packages() {
    return named(CampaignPackage.class, "CampaignPackage.all").getResultList();
  }

  /** Adds a package, refused with {@code package_exists} if its code is taken. */
  public CampaignPackage createPackage(String code, CampaignPackage.Details details) {
    if (packageWithCode(code).isPresent()) {
      throw Refusal.conflict("package_exists", "a package with code '" + code + "' exists");
    }
    CampaignPackage p = new CampaignPackage(code, details, clock.instant());
    em().persist(p);
    return p;
  }

  public CampaignPackage updatePackage(String code, CampaignPackage.Details details) {
    CampaignPackage p = packageWithCode(code).orElseThrow(() -> unknownPackage(code));
    p.apply(details, clock.instant());
    return p;
  }

  private Optional<CampaignPackage> packageWithCode(String code) {
    return first(CampaignPackage.class, "CampaignPackage.byCode", "code", code);
  }

  private static Refusal unknownPackage(String code) {
    return Refusal.notFound("package '" + code + "'");
  }

  /** Records a purchase as its checkout starts, on the package's terms as they are now. */
  public Started startPurchase(String packageCode, Purchase.Buyer buyer) {
    // a package named in a request is a field of it: an unknown one is the request's fault
    CampaignPackage pkg =
        packageWithCode(packageCode)
            .orElseThrow(() -> Refusal.invalid("packageCode", "no package '" + packageCode + "'"));
    Purchase p = new Purchase(pkg, buyer, clock.instant());
    em().persist(p);
    return new Started(p.id(), pkg);
  }

  /** Ties a started purchase to its Checkout Session. */
  public void attachPurchase(UUID purchaseId, String sessionId) {
    byId(Purchase.class, purchaseId).ifPresent(p -> p.attachSession(sessionId));
  }

  /** Drops a started purchase whose session Stripe did not create. */
  public void dropPurchase(UUID purchaseId) {
    byId(Purchase.class, purchaseId).ifPresent(em()::remove);
  }

  /**
   * A paid checkout (at once, or when a delayed payment succeeds): the purchase's customer is found
   * or made, and one campaign is scheduled for the session. Safe to run twice, or at once for two
   * events of one checkout (they take turns on the purchase's lock) or of one customer.
   */
  @Override
  public void checkoutPaid(CheckoutPaid event) {
    Optional<Purchase> found = purchase(event.facts());
    if (found.isEmpty()) {
      return;
    }
    Purchase purchase = found.get();
    purchase.ended(Purchase.Status.paid);
    if (bySession(event.facts().checkoutSessionId()).isEmpty()) {
      Instant now = clock.instant();
      Customer customer = customer(purchase.buyer(), event.facts().customerId(), now);
      CampaignPackage current =
          packageWithCode(purchase.packageCode())
              .orElseThrow(() -> unknownPackage(purchase.packageCode()));
      add(new Campaign(purchase, purchase.terms(current), customer.id(), event.facts(), now));
    }
    String paymentIntentId = event.facts().paymentIntentId();
    if (billing.isRefunded(paymentIntentId)) {
      // the refund's event came first: the campaign it paid for is cancelled before it starts
      refunded(paymentIntentId);
    }
  }

  /**
   * The customer who paid: found by Stripe's customer id, else by email, else made from the buyer;
   * it learns its Stripe id if it had none. Two payments of one email at once make one customer.
   */
  private Customer customer(Purchase.Buyer buyer, String stripeCustomerId, Instant now) {
    if (stripeCustomerId != null) {
      Optional<Customer> known =
          first(Customer.class, "Customer.byStripeId", "id", stripeCustomerId);
      if (known.isPresent()) {
        return known.get();
      }
    }
    // Native SQL, since JPQL has no INSERT ... ON CONFLICT: a concurrent payment of the same email
    // waits here for the other's insert, then finds its row instead of failing on the unique index
    em().createNativeQuery(
            "INSERT INTO "
                + CampaignsModule.ID
                + ".customers (id, tenant_id, business_name, email, city, state,"
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
        named(Customer.class, "Customer.byEmail", "email", buyer.email()).getSingleResult();
    c.knownToStripeAs(stripeCustomerId, now);
    return c;
  }

  /** A declined delayed payment marks the purchase failed, unless it was paid. */
  @Override
  public void checkoutPaymentFailed(CheckoutPaymentFailed event) {
    purchase(event.facts()).ifPresent(p -> p.ended(Purchase.Status.failed));
  }

  /** A checkout that closed unpaid marks the purchase expired, unless it was paid. */
  @Override
  public void checkoutExpired(CheckoutExpired event) {
    purchase(event.facts()).ifPresent(p -> p.ended(Purchase.Status.expired));
  }

  /** The purchase a checkout's event is about, locked, so that one checkout's events take turns. */
  private Optional<Purchase> purchase(PaymentEvent.Facts event) {
    return lockForCheckout(Purchase.class, event, "Purchase.bySession");
  }

  @Override
  public void paymentRefunded(PaymentRefunded event) {
    event.refundedInFull().ifPresent(this::refunded);
  }

  /** A full refund before launch cancels the campaign; a launched one runs its course. */
  void refunded(String paymentIntentId) {
    Instant now = clock.instant();
    locked("Campaign.byPayment", "payment", paymentIntentId)
        .getResultList()
        .forEach(c -> c.refunded(now));
  }

  /** The campaigns of these statuses, newest first. */
  public List<Campaign> list(List<CampaignStatus> statuses) {
    return named("Campaign.list", "statuses", statuses).getResultList();
  }

  public Optional<Campaign> bySession(String sessionId) {
    return first("Campaign.bySession", "session", sessionId);
  }

  public List<Campaign> campaignsOf(UUID customerId) {
    return named("Campaign.ofCustomer", "customer", customerId).getResultList();
  }

  /** The tenant pauses, resumes or cancels a campaign (see {@link Campaign#act}). */
  public Campaign act(UUID id, String action) {
    // locked, so that the lifecycle job and a refund see this change, and this one sees theirs
    Campaign c = requireLocked(id);
    c.act(action, clock.instant());
    return c;
  }

  /**
   * The lifecycle job's step: launches the campaigns that are due, completes those that have run.
   * They are locked: one that the tenant cancels meanwhile is either cancelled after the job moved
   * it, or no longer due when the job reads it.
   */
  public void advance() {
    Instant now = clock.instant();
    locked("Campaign.due", "now", now).getResultList().forEach(c -> c.advance(now));
  }

  public Appointment addAppointment(
      UUID campaignId, String customerName, Instant at, String notes) {
    require(campaignId);
    Appointment a = new Appointment(campaignId, customerName, at, notes, clock.instant());
    em().persist(a);
    return a;
  }

  public List<Appointment> appointments(UUID campaignId) {
    require(campaignId);
    return named(Appointment.class, "Appointment.ofCampaign", "campaign", campaignId)
        .getResultList();
  }

  public long appointmentCount(Collection<UUID> campaignIds) {
    return campaignIds.isEmpty()
        ? 0
        : named(Long.class, "Appointment.countFor", "campaigns", campaignIds).getSingleResult();
  }

  /**
   * The purchase of one Checkout Session: empty while its payment is being processed; 404 for a
   * session this tenant never started; 409 {@code payment_failed} or {@code checkout_expired} for
   * one that ended unpaid.
   */
  public Optional<Responses.PortalView> ofSession(String sessionId) {
    Purchase purchase =
        first(Purchase.class, "Purchase.bySession", "session", sessionId)
            .orElseThrow(() -> Refusal.notFound("purchase for this session"));
    Optional<Campaign> bought = bySession(sessionId);
    if (bought.isEmpty()) {
      purchase.refuseIfUnpaid();
      return Optional.empty();
    }
    return Optional.of(portal("session", purchase.view(), List.of(bought.get())));
  }

  /** Every campaign of a customer, by the id a sign-in names; empty if there is no such one. */
  public Optional<Responses.PortalView> ofCustomer(String customerId) {
    return Ids.tryParse(customerId)
        .flatMap(id -> byId(Customer.class, id))
        .map(c -> portal("customer", c.view(), campaignsOf(c.id())));
  }

  private Responses.PortalView portal(
      String scope, Responses.PortalCustomer customer, List<Campaign> list) {
    // a cancelled campaign is not shown; a customer with only those sees an empty portal
    List<Campaign> shown =
        list.stream().filter(c -> c.status() != CampaignStatus.cancelled).toList();
    Instant now = clock.instant();
    return new Responses.PortalView(
        scope,
        customer,
        shown.stream().map(c -> c.portalView(now)).toList(),
        new Responses.PortalStats(
            shown.size(),
            shown.stream().filter(c -> c.status() == CampaignStatus.active).count(),
            appointmentCount(shown.stream().map(Campaign::id).toList())));
  }

  /** Whom a link to the whole portal goes to: the customer with this email, if there is one. */
  public Optional<SignInLinks.Recipient> recipient(String email) {
    return first(Customer.class, "Customer.byEmail", "email", email).map(Customer::recipient);
  }
}
