package dev.plinth.campaigns.application;

import dev.plinth.campaigns.CampaignsConfig;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    return billing
        .checkout(
            new CheckoutIntent<PurchaseService.Started>() {
              @Override
              public PurchaseService.Started record() {
                return purchases.start(packageCode, buyer);
              }

              @Override
              public CheckoutRequest request(PurchaseService.Started started) {
                return CheckoutRequest.payment(started.purchase().id().toString())
                    .line(
                        CheckoutLine.item(
                            started.pkg().name(),
                            started.pkg().priceAmount(),
                            started.pkg().currency()))
                    .email(buyer.email())
                    .metadata(Map.of("package", started.pkg().code()))
                    .successUrl(
                        successUrl != null
                            ? successUrl
                            : tenant.pageUrl("success?session_id={CHECKOUT_SESSION_ID}"))
                    .cancelUrl(cancelUrl != null ? cancelUrl : tenant.pageUrl(""))
                    .expiresIn(config.checkout())
                    .build();
              }

              @Override
              public void attach(PurchaseService.Started started, CheckoutSession session) {
                purchases.attach(started.purchase().id(), session.id());
              }

              @Override
              public void compensate(PurchaseService.Started started) {
                purchases.drop(started.purchase().id());
              }
            })
        .session();
  }
}
