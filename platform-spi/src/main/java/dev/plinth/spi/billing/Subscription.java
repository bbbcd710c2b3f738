package dev.plinth.spi.billing;

import java.time.Instant;
import java.util.Map;

/**
 * A Stripe subscription as a vertical sees it.
 *
 * @param id {@code sub_...}
 * @param customerId the paying customer ({@code cus_...})
 * @param status Stripe's status: {@code incomplete}, {@code incomplete_expired}, {@code trialing},
 *     {@code active}, {@code past_due}, {@code canceled}, {@code unpaid} or {@code paused}
 * @param priceId the price of its (first) item, which says what plan it is on
 * @param currentPeriodStart the start of the period paid for, read from the subscription's item
 *     (where Stripe keeps it since API 2025-03-31)
 * @param currentPeriodEnd when the period ends and the next invoice is due
 * @param cancelAtPeriodEnd whether it ends at {@code currentPeriodEnd} instead of renewing
 * @param reference the vertical's reference from the checkout that created it, or null
 * @param metadata the vertical's own metadata (no {@code plinth_} keys)
 */
public record Subscription(
    String id,
    String customerId,
    String status,
    String priceId,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    boolean cancelAtPeriodEnd,
    String reference,
    Map<String, String> metadata) {

  public Subscription {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
