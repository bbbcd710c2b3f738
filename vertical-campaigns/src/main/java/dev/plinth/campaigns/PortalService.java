package dev.plinth.campaigns;

import dev.plinth.spi.Refusal;
import dev.plinth.spi.SignInLinks;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a contractor sees of their purchases, and how they get in.
 *
 * <p>A Checkout Session id (in the success URL) shows only what was bought in that checkout, as the
 * buyer typed it: anyone may pay with any email, so a session never opens the customer's other
 * purchases. The customer's whole portal needs proof of the email: a link sent there, good for one
 * opening, which gives a portal session in a cookie ({@link SignInLinks}), naming the customer.
 */
@ApplicationScoped
@TenantTransactional
public class PortalService extends Repository<Customer> {

  @Inject CampaignService campaigns;
  @Inject PurchaseRepository purchases;
  @Inject Clock clock;

  PortalService() {
    super(CampaignsModule.class, Customer.class, "customer");
  }

  /**
   * The purchase of one Checkout Session: empty while its payment is being processed; 404 for a
   * session this tenant never started; 409 {@code payment_failed} or {@code checkout_expired} for
   * one that ended unpaid.
   */
  public Optional<Responses.PortalView> ofSession(String sessionId) {
    Purchase purchase =
        purchases
            .bySession(sessionId)
            .orElseThrow(() -> Refusal.notFound("purchase for this session"));
    Optional<Campaign> bought = campaigns.bySession(sessionId);
    if (bought.isEmpty()) {
      purchase.refuseIfUnpaid();
      return Optional.empty();
    }
    return Optional.of(portal("session", purchase.view(), List.of(bought.get())));
  }

  /** Every campaign of a customer, by the id a sign-in names; empty if there is no such one. */
  public Optional<Responses.PortalView> ofCustomer(String customerId) {
    return Ids.tryParse(customerId)
        .flatMap(this::byId)
        .map(c -> portal("customer", c.view(), campaigns.ofCustomer(c.id())));
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
            campaigns.appointmentCount(shown.stream().map(Campaign::id).toList())));
  }

  /** Whom a link to the whole portal goes to: the customer with this email, if there is one. */
  public Optional<SignInLinks.Recipient> recipient(String email) {
    return first("Customer.byEmail", "email", email).map(Customer::recipient);
  }
}
