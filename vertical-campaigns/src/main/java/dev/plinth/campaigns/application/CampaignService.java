package dev.plinth.campaigns.application;

import dev.plinth.campaigns.domain.Appointment;
import dev.plinth.campaigns.domain.Campaign;
import dev.plinth.campaigns.domain.CampaignRepository;
import dev.plinth.campaigns.domain.CampaignStatus;
import dev.plinth.campaigns.domain.Customer;
import dev.plinth.campaigns.domain.CustomerRepository;
import dev.plinth.campaigns.domain.PackageRepository;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.campaigns.domain.PurchaseRepository;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.BillingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Campaigns: made by payments (once per session, with the customer found or made once), moved by
 * the tenant and the lifecycle job. Each method is one tenant transaction.
 */
@ApplicationScoped
@TenantTransactional
public class CampaignService {

  @Inject CampaignRepository campaigns;

  @Inject PurchaseRepository purchases;

  @Inject CustomerRepository customers;

  @Inject PackageRepository packages;

  @Inject BillingService billing;

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
   * A purchase was paid: its customer is found or made, and one campaign is scheduled for the
   * session. Safe to run twice, or at once for two events of one checkout (they take turns on the
   * purchase's lock) or of one customer.
   */
  public void paid(Paid p) {
    Optional<Purchase> found = purchases.lockFor(p.sessionId(), p.reference());
    if (found.isEmpty()) {
      return;
    }
    Purchase purchase = found.get();
    purchase.ended(Purchase.Status.paid);
    if (campaigns.bySession(p.sessionId()).isEmpty()) {
      Instant now = clock.instant();
      Customer customer = customers.of(purchase.buyer(), p.stripeCustomerId(), now);
      campaigns.add(
          new Campaign(
              purchase,
              purchase.terms(packages.withCode(purchase.packageCode())),
              customer.id(),
              p.sessionId(),
              p.paymentIntentId(),
              p.created(),
              now));
    }
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
    purchases.lockFor(sessionId, reference).ifPresent(p -> p.ended(outcome));
  }

  /** A full refund before launch cancels the campaign; a launched one runs its course. */
  public void refunded(String paymentIntentId) {
    Instant now = clock.instant();
    campaigns.lockByPayment(paymentIntentId).forEach(c -> c.refunded(now));
  }

  public List<Campaign> list(CampaignStatus status) {
    return campaigns.list(status);
  }

  /** The tenant pauses, resumes or cancels a campaign (see {@link Campaign#act}). */
  public Campaign act(UUID id, String action) {
    // locked, so that the lifecycle job and a refund see this change, and this one sees theirs
    Campaign c = campaigns.requireLocked(id);
    c.act(action, clock.instant());
    return c;
  }

  /**
   * The lifecycle job's step: launches the campaigns that are due, completes those that have run.
   */
  public void advance() {
    Instant now = clock.instant();
    campaigns.lockDue(now).forEach(c -> c.advance(now));
  }

  public Appointment addAppointment(
      UUID campaignId, String customerName, Instant at, String notes) {
    campaigns.require(campaignId);
    Appointment a =
        new Appointment(UUID.randomUUID(), campaignId, customerName, at, notes, clock.instant());
    campaigns.book(a);
    return a;
  }

  public List<Appointment> appointments(UUID campaignId) {
    campaigns.require(campaignId);
    return campaigns.appointments(campaignId);
  }
}
