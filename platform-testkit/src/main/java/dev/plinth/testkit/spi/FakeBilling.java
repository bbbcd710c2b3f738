package dev.plinth.testkit.spi;

import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.ConnectedAccount;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Billing for unit tests of a vertical's services: checkouts, refunds and subscriptions are kept in
 * memory, and Stripe can be made to fail ({@link #failNext}). {@link #checkout} is the SPI's own,
 * so it runs an intent in the same order as the host. Integration tests use the real host against
 * the Stripe simulator instead.
 */
public final class FakeBilling implements BillingService {

  private final Clock clock;
  private final List<CheckoutRequest> checkouts = new ArrayList<>();
  private final Set<String> expired = new HashSet<>();
  private final Map<String, Long> refunds = new HashMap<>();
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  private final Map<String, ConnectedAccount> accounts = new HashMap<>();
  private boolean failNext;

  public FakeBilling(Clock clock) {
    this.clock = clock;
  }

  /** The next call that would reach Stripe fails with 502 {@code stripe_error}. */
  public FakeBilling failNext() {
    failNext = true;
    return this;
  }

  /** The checkouts created so far, in order. */
  public List<CheckoutRequest> checkouts() {
    return List.copyOf(checkouts);
  }

  /** The sessions expired so far. */
  public Set<String> expired() {
    return Set.copyOf(expired);
  }

  /** Refunded amounts by payment intent (null for a full refund). */
  public Map<String, Long> refunds() {
    return Map.copyOf(refunds);
  }

  /** Makes a subscription known, as a paid subscription checkout would. */
  /** Binds a connected account to the fake tenant, able to take charges. */
  public FakeBilling connect(String accountId) {
    accounts.put(accountId, new ConnectedAccount(accountId, true, clock.instant()));
    return this;
  }

  @Override
  public Optional<ConnectedAccount> connectedAccount(String accountId) {
    return Optional.ofNullable(accounts.get(accountId));
  }

  public void subscribe(Subscription subscription) {
    subscriptions.put(subscription.id(), subscription);
  }

  @Override
  public CheckoutSession createCheckout(CheckoutRequest request) {
    stripe();
    checkouts.add(request);
    String id = "cs_test_" + checkouts.size();
    Instant expiresAt = clock.instant().plus(request.expiresIn());
    return new CheckoutSession(id, "https://checkout.example/" + id, expiresAt);
  }

  @Override
  public void expireCheckout(String sessionId) {
    stripe();
    expired.add(sessionId);
  }

  /** As the host's: a failure of Stripe's is swallowed (the host notes it in the error log). */
  @Override
  public void expireCheckoutIfOpen(String sessionId) {
    try {
      expireCheckout(sessionId);
    } catch (ApiException e) {
      // the session's own event will say what became of it
    }
  }

  @Override
  public String refund(String paymentIntentId, Long amount, String reference) {
    stripe();
    refunds.put(paymentIntentId, amount);
    return "re_test_" + refunds.size();
  }

  @Override
  public boolean isRefunded(String paymentIntentId) {
    return refunds.containsKey(paymentIntentId) && refunds.get(paymentIntentId) == null;
  }

  @Override
  public Subscription subscription(String subscriptionId) {
    Subscription s = subscriptions.get(subscriptionId);
    if (s == null) {
      throw ApiException.notFound("no subscription " + subscriptionId);
    }
    return s;
  }

  @Override
  public Subscription cancelSubscription(String subscriptionId, boolean atPeriodEnd) {
    Subscription s = subscription(subscriptionId);
    stripe();
    return put(
        atPeriodEnd
            ? with(s, s.status(), s.priceId(), true)
            : with(s, "canceled", s.priceId(), s.cancelAtPeriodEnd()));
  }

  @Override
  public Subscription resumeSubscription(String subscriptionId) {
    Subscription s = subscription(subscriptionId);
    stripe();
    return put(with(s, s.status(), s.priceId(), false));
  }

  @Override
  public Subscription changePrice(String subscriptionId, String priceId) {
    Subscription s = subscription(subscriptionId);
    stripe();
    return put(with(s, s.status(), priceId, s.cancelAtPeriodEnd()));
  }

  @Override
  public String createRecurringPrice(
      String lookupKey, String productName, Money amount, String interval) {
    stripe();
    return "price_" + lookupKey.replaceAll("[^A-Za-z0-9]", "");
  }

  @Override
  public String billingPortalUrl(String customerId, String returnUrl) {
    stripe();
    return "https://billing.example/p/" + customerId;
  }

  private Subscription put(Subscription s) {
    subscriptions.put(s.id(), s);
    return s;
  }

  private static Subscription with(
      Subscription s, String status, String priceId, boolean cancelAtPeriodEnd) {
    return new Subscription(
        s.id(),
        s.customerId(),
        status,
        priceId,
        s.currentPeriodStart(),
        s.currentPeriodEnd(),
        cancelAtPeriodEnd,
        s.reference(),
        s.metadata());
  }

  private void stripe() {
    if (failNext) {
      failNext = false;
      throw new ApiException(502, "stripe_error", "Stripe is unavailable (a test said so)");
    }
  }

  /** A subscription of a month from {@code start}, active, on {@code priceId}. */
  public static Subscription monthly(String id, String customerId, String priceId, Instant start) {
    return new Subscription(
        id,
        customerId,
        "active",
        priceId,
        start,
        start.plus(Duration.ofDays(30)),
        false,
        null,
        Map.of());
  }
}
