package dev.plinth.campaigns;

import dev.plinth.campaigns.CampaignsResource.AppointmentRequest;
import dev.plinth.campaigns.CampaignsResource.CheckoutRequest;
import dev.plinth.campaigns.CampaignsResource.PackageChange;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.SignInLinks;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutSession;
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
  @Inject Clock clock;

  CampaignService() {
    super(CampaignsModule.class, Campaign.class, "campaign");
  }

  /** A purchase started, with the package it is for. */
  public record Started(UUID purchaseId, CampaignPackage pkg) {}

  public List<CampaignPackage> packages() {
    return select(
            CampaignPackage.class, "SELECT p FROM CampaignPackage p ORDER BY p.createdAt, p.code")
        .getResultList();
  }

  /** Adds a package, refused with {@code package_exists} if its code is taken. */
  public CampaignPackage createPackage(String code, PackageChange details) {
    if (packageWithCode(code).isPresent()) {
      throw Refusal.conflict("package_exists", "a package with code '" + code + "' exists");
    }
    return add(new CampaignPackage(code, details, clock.instant()));
  }

  public CampaignPackage updatePackage(String code, PackageChange details) {
    CampaignPackage p = requirePackage(code);
    p.apply(details, clock.instant());
    return p;
  }

  private Optional<CampaignPackage> packageWithCode(String code) {
    return first(where(CampaignPackage.class, "code", code));
  }

  private CampaignPackage requirePackage(String code) {
    return packageWithCode(code).orElseThrow(() -> Refusal.notFound("package '" + code + "'"));
  }

  /** Records a purchase as its checkout starts, on the package's terms as they are now. */
  public Started startPurchase(CheckoutRequest buyer) {
    // a package named in a request is a field of it: an unknown one is the request's fault
    String code = buyer.packageCode();
    CampaignPackage pkg =
        packageWithCode(code)
            .orElseThrow(() -> Refusal.invalid("packageCode", "no package '" + code + "'"));
    return new Started(add(new Purchase(pkg, buyer, clock.instant())).id(), pkg);
  }

  /** Ties a started purchase to its Checkout Session. */
  public void attachPurchase(Started started, CheckoutSession session) {
    byId(Purchase.class, started.purchaseId()).ifPresent(p -> p.attachSession(session.id()));
  }

  /** Drops a started purchase whose session Stripe did not create. */
  public void dropPurchase(Started started) {
    byId(Purchase.class, started.purchaseId()).ifPresent(em()::remove);
  }

  /**
   * A paid checkout (at once, or when a delayed payment succeeds): the purchase's customer is found
   * or made, and one campaign is scheduled for the session. Safe to run twice, or at once for two
   * events of one checkout (they take turns on the purchase's lock) or of one customer.
   */
  @Override
  public void checkoutPaid(CheckoutPaid event) {
    purchase(event.facts()).ifPresent(p -> paid(p, event.facts()));
  }

  private void paid(Purchase purchase, PaymentEvent.Facts paid) {
    purchase.ended(Purchase.Status.paid);
    if (bySession(paid.checkoutSessionId()).isEmpty()) {
      Instant now = clock.instant();
      Customer customer = customer(purchase, paid.customerId(), now);
      CampaignPackage current = requirePackage(purchase.packageCode());
      add(new Campaign(purchase, purchase.terms(current), customer.id(), paid, now));
    }
    String paymentIntentId = paid.paymentIntentId();
    if (billing.isRefunded(paymentIntentId)) {
      // the refund's event came first: the campaign it paid for is cancelled before it starts
      refunded(paymentIntentId);
    }
  }

  /**
   * The customer who paid: found by Stripe's customer id, else by email, else made from the
   * purchase's buyer; it learns its Stripe id if it had none. Two payments of one email at once
   * make one customer.
   */
  private Customer customer(Purchase purchase, String stripeCustomerId, Instant now) {
    if (stripeCustomerId != null) {
      Optional<Customer> known = first(where(Customer.class, "stripeCustomerId", stripeCustomerId));
      if (known.isPresent()) {
        return known.get();
      }
    }
    // Native SQL, since JPQL has no INSERT ... ON CONFLICT: a concurrent payment of the same email
    // waits here for the other's insert, then takes its row (the update that changes nothing
    // returns its id) instead of failing on the unique index
    Object id =
        em().createNativeQuery(
                ("INSERT INTO %1$s.customers (id, tenant_id, business_name, email, city, state,"
                        + " created_at, updated_at) SELECT ?1, tenant_id, business_name, email,"
                        + " city, state, ?2, ?2 FROM %1$s.purchases WHERE id = ?3 ON CONFLICT"
                        + " (tenant_id, lower(email)) DO UPDATE SET email = customers.email"
                        + " RETURNING id")
                    .formatted(CampaignsModule.ID))
            .setParameter(1, UUID.randomUUID())
            .setParameter(2, Timestamp.from(now))
            .setParameter(3, purchase.id())
            .getSingleResult();
    Customer c = byId(Customer.class, id).orElseThrow();
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
    return lockForCheckout(Purchase.class, event);
  }

  @Override
  public void paymentRefunded(PaymentRefunded event) {
    event.refundedInFull().ifPresent(this::refunded);
  }

  /** A full refund before launch cancels the campaign; a launched one runs its course. */
  void refunded(String paymentIntentId) {
    Instant now = clock.instant();
    locking(where("paymentIntentId", paymentIntentId))
        .getResultList()
        .forEach(c -> c.refunded(now));
  }

  /** The campaigns of these statuses, newest first. */
  public List<Campaign> list(List<CampaignStatus> statuses) {
    return select(
            "SELECT c FROM Campaign c WHERE c.status IN :statuses ORDER BY c.createdAt DESC, c.id",
            "statuses",
            statuses)
        .getResultList();
  }

  public Optional<Campaign> bySession(String sessionId) {
    return first(where("checkoutSessionId", sessionId));
  }

  public List<Campaign> campaignsOf(UUID customerId) {
    return select(
            "SELECT c FROM Campaign c WHERE c.customerId = :customer ORDER BY c.createdAt, c.id",
            "customer",
            customerId)
        .getResultList();
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
    locking(
            select(
                "SELECT c FROM Campaign c WHERE (c.launchAt <= :now"
                    + " AND c.status = dev.plinth.campaigns.CampaignStatus.scheduled)"
                    + " OR (c.endsAt <= :now AND c.status = dev.plinth.campaigns.CampaignStatus.active)",
                "now",
                now))
        .getResultList()
        .forEach(c -> c.advance(now));
  }

  public Appointment addAppointment(UUID campaignId, AppointmentRequest body) {
    require(campaignId);
    return add(new Appointment(campaignId, body, clock.instant()));
  }

  public List<Appointment> appointments(UUID campaignId) {
    require(campaignId);
    return select(
            Appointment.class,
            "SELECT a FROM Appointment a WHERE a.campaignId = :campaign ORDER BY a.at, a.id",
            "campaign",
            campaignId)
        .getResultList();
  }

  public long appointmentCount(Collection<UUID> campaignIds) {
    return campaignIds.isEmpty()
        ? 0
        : select(
                Long.class,
                "SELECT count(a) FROM Appointment a WHERE a.campaignId IN :campaigns",
                "campaigns",
                campaignIds)
            .getSingleResult();
  }

  /**
   * The purchase of one Checkout Session: empty while its payment is being processed; 404 for a
   * session this tenant never started; 409 {@code payment_failed} or {@code checkout_expired} for
   * one that ended unpaid.
   */
  public Optional<CampaignsResource.PortalView> ofSession(String sessionId) {
    Purchase purchase =
        first(where(Purchase.class, "checkoutSessionId", sessionId))
            .orElseThrow(() -> Refusal.notFound("purchase for this session"));
    Optional<Campaign> bought = bySession(sessionId);
    if (bought.isEmpty()) {
      purchase.refuseIfUnpaid();
      return Optional.empty();
    }
    return Optional.of(portal("session", purchase.view(), List.of(bought.get())));
  }

  /** Every campaign of a customer, by the id a sign-in names; empty if there is no such one. */
  public Optional<CampaignsResource.PortalView> ofCustomer(String customerId) {
    return Ids.tryParse(customerId)
        .flatMap(id -> byId(Customer.class, id))
        .map(c -> portal("customer", c.view(), campaignsOf(c.id())));
  }

  private CampaignsResource.PortalView portal(
      String scope, CampaignsResource.PortalCustomer customer, List<Campaign> list) {
    // a cancelled campaign is not shown; a customer with only those sees an empty portal
    List<Campaign> shown =
        list.stream().filter(c -> c.status() != CampaignStatus.cancelled).toList();
    Instant now = clock.instant();
    return new CampaignsResource.PortalView(
        scope,
        customer,
        shown.stream().map(c -> c.portalView(now)).toList(),
        new CampaignsResource.PortalStats(
            shown.size(),
            shown.stream().filter(c -> c.status() == CampaignStatus.active).count(),
            appointmentCount(shown.stream().map(Campaign::id).toList())));
  }

  /** Whom a link to the whole portal goes to: the customer with this email, if there is one. */
  public Optional<SignInLinks.Recipient> recipient(String email) {
    return first(
            select(
                Customer.class,
                "SELECT c FROM Customer c WHERE LOWER(c.email) = LOWER(:email)",
                "email",
                email))
        .map(Customer::recipient);
  }
}
