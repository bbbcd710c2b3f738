package dev.plinth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.core.tenant.Tenant;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StripeBillingServiceTest {

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Tenant TENANT =
      new Tenant(UUID.randomUUID(), "mikes", "Mike's", "probe", "m@example.com", NOW);

  static CheckoutRequest request(String reference, long amount) {
    return CheckoutRequest.payment(reference)
        .line(CheckoutLine.item("Deposit", amount, "USD"))
        .email("pat@example.com")
        .metadata(Map.of("puppy", "rex"))
        .successUrl("https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}")
        .cancelUrl("https://shop.example/cancel")
        .expiresIn(Duration.ofMinutes(30))
        .build();
  }

  @Test
  void paramsCarryThePlinthMetadataAndExpiry() {
    Map<String, Object> p =
        StripeBillingService.params(
                TENANT, request("res-1", 2500), NOW.plus(Duration.ofMinutes(30)))
            .toMap();
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) p.get("metadata");
    assertThat(metadata)
        .containsEntry("plinth_tenant", "mikes")
        .containsEntry("plinth_vertical", "probe")
        .containsEntry("plinth_reference", "res-1")
        .containsEntry("puppy", "rex");
    assertThat(p).containsEntry("mode", "payment");
    assertThat(((Number) p.get("expires_at")).longValue())
        .isEqualTo(NOW.plus(Duration.ofMinutes(30)).getEpochSecond());
    assertThat(p.get("line_items").toString()).contains("2500").contains("usd").contains("Deposit");
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePaymentAndTheSubscriptionCarryTheSameMarksAsTheSession() {
    Map<String, Object> payment =
        StripeBillingService.params(TENANT, request("res-1", 2500), NOW.plusSeconds(1800)).toMap();
    assertThat(
            (Map<String, Object>)
                ((Map<String, Object>) payment.get("payment_intent_data")).get("metadata"))
        .isEqualTo(payment.get("metadata"));
    assertThat(payment).doesNotContainKey("subscription_data").doesNotContainKey("customer");

    CheckoutRequest sub =
        CheckoutRequest.subscription("plan-7")
            .line(CheckoutLine.price("price_1", 1))
            .email("pat@example.com")
            .customer("cus_9")
            .successUrl("https://shop.example/ok")
            .build();
    Map<String, Object> p = StripeBillingService.params(TENANT, sub, NOW.plusSeconds(1800)).toMap();
    assertThat(
            (Map<String, Object>)
                ((Map<String, Object>) p.get("subscription_data")).get("metadata"))
        .containsEntry("plinth_reference", "plan-7")
        .containsEntry("plinth_vertical", "probe")
        .containsEntry("plinth_tenant", "mikes");
    assertThat(p).doesNotContainKey("payment_intent_data");
    // an existing customer pays with what Stripe knows of them: no email is sent besides
    assertThat(p).containsEntry("customer", "cus_9").doesNotContainKey("customer_email");
  }

  @Test
  void theCustomerIsPartOfTheOperationOnlyWhenNamed() {
    CheckoutRequest plain = request("res-1", 2500);
    CheckoutRequest withCustomer =
        CheckoutRequest.payment("res-1")
            .line(CheckoutLine.item("Deposit", 2500, "USD"))
            .email("pat@example.com")
            .metadata(Map.of("puppy", "rex"))
            .successUrl("https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}")
            .cancelUrl("https://shop.example/cancel")
            .expiresIn(Duration.ofMinutes(30))
            .customer("cus_1")
            .build();
    assertThat(StripeBillingService.idempotencyKey(TENANT, "checkout.create", withCustomer))
        .isNotEqualTo(StripeBillingService.idempotencyKey(TENANT, "checkout.create", plain));
  }

  @Test
  void theExpiryFallsOnAWholeMinuteWithinStripesBounds() {
    Instant now = Instant.parse("2026-11-26T10:00:20Z");
    assertThat(StripeBillingService.expiry(now, Duration.ofMinutes(30)))
        .isEqualTo(Instant.parse("2026-11-26T10:31:00Z"));
    assertThat(StripeBillingService.expiry(now, Duration.ofHours(24)))
        .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(StripeBillingService.expiry(now.plusSeconds(40), Duration.ofMinutes(30)))
        .isEqualTo(Instant.parse("2026-11-26T10:31:00Z"));
    assertThat(
            StripeBillingService.expiry(Instant.parse("2026-11-26T10:00:00Z"), Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
  }

  @Test
  void theIdempotencyKeyFollowsTheOperationNotTheClock() {
    String a =
        StripeBillingService.idempotencyKey(TENANT, "checkout.create", request("res-1", 2500));
    assertThat(
            StripeBillingService.idempotencyKey(TENANT, "checkout.create", request("res-1", 2500)))
        .isEqualTo(a);
    assertThat(
            StripeBillingService.idempotencyKey(TENANT, "checkout.create", request("res-2", 2500)))
        .isNotEqualTo(a);
    assertThat(
            StripeBillingService.idempotencyKey(TENANT, "checkout.create", request("res-1", 2600)))
        .isNotEqualTo(a);
    assertThat(a).hasSizeLessThanOrEqualTo(255);
  }

  @Test
  void requestsAreCheckedBeforeStripeIsCalled() {
    assertThatThrownBy(
            () ->
                CheckoutRequest.payment("res-1")
                    .line(CheckoutLine.item("Deposit", 1, "usd"))
                    .successUrl("https://shop.example/ok")
                    .expiresIn(Duration.ofMinutes(10))
                    .build())
        .hasMessageContaining("30 minutes");
    assertThatThrownBy(
            () ->
                CheckoutRequest.payment("r")
                    .line(CheckoutLine.item("x", 1, "usd"))
                    .metadata(Map.of("plinth_tenant", "evil"))
                    .successUrl("https://x")
                    .build())
        .hasMessageContaining("reserved");
    CheckoutRequest subscription =
        CheckoutRequest.subscription("r")
            .line(CheckoutLine.item("x", 1, "usd"))
            .successUrl("https://x")
            .build();
    assertThatThrownBy(() -> StripeBillingService.params(TENANT, subscription, NOW))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("price ids");
  }
}
