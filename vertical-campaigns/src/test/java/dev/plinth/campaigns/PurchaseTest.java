package dev.plinth.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a purchase's checkout ends, whatever order Stripe's events come in. */
class PurchaseTest {

  static Purchase purchase() {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    CampaignPackage pkg =
        new CampaignPackage(
            "winter-special",
            new CampaignsResource.PackageChange("Winter Special", 49900L, "usd", 72L, 30L),
            now);
    return new Purchase(
        pkg,
        new CampaignsResource.CheckoutRequest(
            "winter-special", "Mike's Windows LLC", "mike@example.com", "Dallas", "TX", null, null),
        now);
  }

  @Test
  void aPurchaseStartsPendingAndAFailureOrExpiryEndsIt() {
    Purchase failed = purchase();
    assertThat(failed.status()).isEqualTo(Purchase.Status.pending);
    failed.ended(Purchase.Status.failed);
    assertThat(failed.status()).isEqualTo(Purchase.Status.failed);
    Purchase expired = purchase();
    expired.ended(Purchase.Status.expired);
    assertThat(expired.status()).isEqualTo(Purchase.Status.expired);
  }

  @Test
  void aPaidPurchaseStaysPaidAndAPaymentAlwaysCounts() {
    Purchase paid = purchase();
    paid.ended(Purchase.Status.paid);
    paid.ended(Purchase.Status.expired);
    paid.ended(Purchase.Status.failed);
    assertThat(paid.status()).isEqualTo(Purchase.Status.paid);
    Purchase late = purchase();
    late.ended(Purchase.Status.failed);
    late.ended(Purchase.Status.paid);
    assertThat(late.status()).isEqualTo(Purchase.Status.paid);
  }
}
