package dev.plinth.campaigns.application;

import dev.plinth.campaigns.CampaignsConfig;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.BillingService;
import dev.plinth.spi.CheckoutLine;
import dev.plinth.spi.CheckoutRequest;
import dev.plinth.spi.CheckoutSession;
import dev.plinth.spi.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * A contractor buys a package: the purchase is recorded, the Checkout Session created through the
 * SPI billing service (no transaction open meanwhile), and the session tied to the purchase. If
 * Stripe fails the purchase is dropped and the 502 passes on.
 */
@ApplicationScoped
public class CheckoutFlow {

  @Inject PurchaseService purchases;

  @Inject BillingService billing;

  @Inject CampaignsConfig config;

  @Inject TenantContext tenant;

  public CheckoutSession start(
      String packageCode, Purchase.Buyer buyer, String successUrl, String cancelUrl) {
    PurchaseService.Started started = purchases.start(packageCode, buyer);
    Purchase p = started.purchase();
    String pages = tenant.publicUrl() + "/t/" + tenant.slug();
    CheckoutSession session;
    try {
      session =
          billing.createCheckout(
              new CheckoutRequest(
                  CheckoutRequest.Mode.payment,
                  p.id().toString(),
                  List.of(
                      CheckoutLine.item(
                          started.pkg().name(),
                          started.pkg().priceAmount(),
                          started.pkg().currency())),
                  buyer.email(),
                  Map.of("package", started.pkg().code()),
                  successUrl != null
                      ? successUrl
                      : pages + "/success?session_id={CHECKOUT_SESSION_ID}",
                  cancelUrl != null ? cancelUrl : pages,
                  config.checkout()));
    } catch (RuntimeException e) {
      purchases.drop(p.id());
      throw e;
    }
    purchases.attach(p.id(), session.id());
    return session;
  }
}
