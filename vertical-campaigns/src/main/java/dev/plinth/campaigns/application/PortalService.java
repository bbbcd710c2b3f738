package dev.plinth.campaigns.application;

import dev.plinth.campaigns.CampaignsConfig;
import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.campaigns.domain.Campaign;
import dev.plinth.campaigns.domain.CampaignRepository;
import dev.plinth.campaigns.domain.CampaignStatus;
import dev.plinth.campaigns.domain.Customer;
import dev.plinth.campaigns.domain.CustomerRepository;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.campaigns.domain.PurchaseRepository;
import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.SignedTokens;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a contractor sees of their purchases, and how they get in.
 *
 * <p>A Checkout Session id (in the success URL) shows only what was bought in that checkout, as the
 * buyer typed it: anyone may pay with any email, so a session never opens the customer's other
 * purchases. The customer's whole portal needs proof of the email: a link sent there ({@link
 * #sendLink}), signed for {@value #LINK} and good for one opening ({@link #redeem}), which gives a
 * portal session: a token signed for {@value #SESSION}, kept in a cookie, naming the customer.
 */
@ApplicationScoped
@TenantTransactional
public class PortalService {

  /** The purpose of the emailed link's token. */
  public static final String LINK = CampaignsModule.ID + ".portal-link";

  /** The purpose of the portal cookie's token. */
  public static final String SESSION = CampaignsModule.ID + ".portal-session";

  @Inject CampaignRepository campaigns;

  @Inject CustomerRepository customers;

  @Inject PurchaseRepository purchases;

  @Inject SignedTokens tokens;

  @Inject Notifications notifications;

  @Inject TenantContext tenant;

  @Inject CampaignsConfig config;

  @Inject Clock clock;

  /**
   * What the portal shows.
   *
   * @param businessName the business, city and state: as typed at the checkout for a session's
   *     view, the customer's own in the whole portal
   * @param email the customer's email, only in the whole portal
   * @param campaigns not cancelled ones
   * @param appointments booked for those campaigns
   */
  public record Portal(
      String businessName,
      String city,
      String state,
      Optional<String> email,
      List<Campaign> campaigns,
      long appointments) {}

  /**
   * The purchase of one Checkout Session: empty while its payment is being processed; 404 for a
   * session this tenant never started; 409 {@code payment_failed} or {@code checkout_expired} for
   * one that ended unpaid.
   */
  public Optional<Portal> ofSession(String sessionId) {
    Purchase purchase =
        purchases
            .bySession(sessionId)
            .orElseThrow(() -> Refusal.notFound("purchase for this session"));
    Optional<Campaign> bought = campaigns.bySession(sessionId);
    if (bought.isEmpty()) {
      purchase.refuseIfUnpaid();
      return Optional.empty();
    }
    Purchase.Buyer b = purchase.buyer();
    return Optional.of(
        portal(b.businessName(), b.city(), b.state(), Optional.empty(), List.of(bought.get())));
  }

  /** Every campaign of a customer; empty if there is no such customer. */
  public Optional<Portal> ofCustomer(UUID customerId) {
    return customers
        .byId(customerId)
        .map(
            c ->
                portal(
                    c.businessName(),
                    c.city(),
                    c.state(),
                    Optional.of(c.email()),
                    campaigns.ofCustomer(c.id())));
  }

  private Portal portal(
      String business, String city, String state, Optional<String> email, List<Campaign> list) {
    // a cancelled campaign is not shown; a customer with only those sees an empty portal
    List<Campaign> shown =
        list.stream().filter(k -> k.status() != CampaignStatus.cancelled).toList();
    long appointments = campaigns.appointmentCount(shown.stream().map(Campaign::id).toList());
    return new Portal(business, city, state, email, shown, appointments);
  }

  /**
   * Emails a link to the whole portal to the customer with this email, if there is one; nothing
   * otherwise, so that the caller cannot tell. The link works once, within {@code
   * campaigns.portal-link-minutes}. The token is in the link's fragment, which browsers neither
   * send to the server nor pass on as a referrer.
   */
  public void sendLink(String email) {
    customers
        .byEmail(email)
        .ifPresent(
            c -> {
              String link =
                  tenant.pageUrl(
                      "my-campaigns#link="
                          + tokens.sign(LINK, c.id().toString(), config.portalLink()));
              notifications.enqueue(
                  new Notification(
                      c.email(),
                      "Your link to your campaigns",
                      "Hello "
                          + c.businessName()
                          + ",\n\nOpen this link to see all your campaigns:\n\n"
                          + link
                          + "\n\nIt works once, within "
                          + config.portalLink().toMinutes()
                          + " minutes. If you did not ask for it, you can ignore this email.\n",
                      LINK));
            });
  }

  /**
   * Opens an emailed link: the customer it was for, if it verifies, was never opened before and the
   * customer still exists; empty otherwise (see {@link CustomerRepository#redeem}).
   */
  public Optional<UUID> redeem(String token) {
    return tokens
        .verify(LINK, token)
        .flatMap(link -> customers.redeem(link, clock.instant()))
        .map(Customer::id);
  }

  /** The value of a portal session's cookie, for a customer who opened a link. */
  public String session(UUID customerId) {
    return tokens.sign(SESSION, customerId.toString(), config.portalSession());
  }

  /** The whole portal of a portal session's customer; empty unless the cookie's token verifies. */
  public Optional<Portal> ofPortalSession(String sessionToken) {
    return tokens
        .verify(SESSION, sessionToken)
        .flatMap(v -> Ids.tryParse(v.subject()))
        .flatMap(this::ofCustomer);
  }
}
