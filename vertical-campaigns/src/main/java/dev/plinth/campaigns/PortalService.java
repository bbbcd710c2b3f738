package dev.plinth.campaigns;

import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.SignedTokens;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
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
public class PortalService extends Repository<Customer> {

  /** The purpose of the emailed link's token. */
  public static final String LINK = CampaignsModule.ID + ".portal-link";

  /** The purpose of the portal cookie's token. */
  public static final String SESSION = CampaignsModule.ID + ".portal-session";

  @Inject CampaignService campaigns;
  @Inject PurchaseRepository purchases;
  @Inject SignedTokens tokens;
  @Inject Notifications notifications;
  @Inject TenantContext tenant;
  @Inject CampaignsConfig config;
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

  /** Every campaign of a customer; empty if there is no such customer. */
  public Optional<Responses.PortalView> ofCustomer(UUID customerId) {
    return byId(customerId).map(c -> portal("customer", c.view(), campaigns.ofCustomer(c.id())));
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

  /**
   * Emails a link to the whole portal to the customer with this email, if there is one; nothing
   * otherwise, so that the caller cannot tell. The link works once, within {@code
   * campaigns.portal-link-minutes}. The token is in the link's fragment, which browsers neither
   * send to the server nor pass on as a referrer.
   */
  public void sendLink(String email) {
    first("Customer.byEmail", "email", email)
        .ifPresent(
            c -> {
              Responses.PortalCustomer to = c.view();
              String link =
                  tenant.pageUrl(
                      "my-campaigns#link="
                          + tokens.sign(LINK, c.id().toString(), config.portalLink()));
              notifications.enqueue(
                  new Notification(
                      to.email(),
                      "Your link to your campaigns",
                      "Hello "
                          + to.businessName()
                          + ",\n\nOpen this link to see all your campaigns:\n\n"
                          + link
                          + "\n\nIt works once, within "
                          + config.portalLink().toMinutes()
                          + " minutes. If you did not ask for it, you can ignore this email.\n",
                      LINK));
            });
  }

  /** A customer's whole portal, and the value of the portal session's cookie that keeps them in. */
  public record Opened(Responses.PortalView portal, String session) {}

  /**
   * Opens an emailed link, once: the customer's portal and session, if the link verifies and was
   * never opened before (the host records its use); empty otherwise.
   */
  public Optional<Opened> redeem(String token) {
    return tokens
        .redeem(LINK, token)
        .flatMap(link -> Ids.tryParse(link.subject()))
        .flatMap(
            customer ->
                ofCustomer(customer)
                    .map(
                        p ->
                            new Opened(
                                p,
                                tokens.sign(
                                    SESSION, customer.toString(), config.portalSession()))));
  }

  /** The whole portal of a portal session's customer; empty unless the cookie's token verifies. */
  public Optional<Responses.PortalView> ofPortalSession(String sessionToken) {
    return tokens
        .verify(SESSION, sessionToken)
        .flatMap(v -> Ids.tryParse(v.subject()))
        .flatMap(this::ofCustomer);
  }
}
