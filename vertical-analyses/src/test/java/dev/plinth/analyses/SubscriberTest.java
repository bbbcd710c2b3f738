package dev.plinth.analyses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spi.billing.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lifecycle rules: Stripe's statuses, and events that come in any order. */
class SubscriberTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  static Subscription sub(String id, String status, boolean cancelAtPeriodEnd) {
    return new Subscription(
        id,
        "cus_1",
        status,
        "price_x",
        T0,
        T0.plus(Duration.ofDays(30)),
        cancelAtPeriodEnd,
        "ada",
        Map.of());
  }

  static Subscriber subscribed(String tier) {
    Subscriber u = new Subscriber("ada", T0);
    u.checkoutPaid(tier, "cus_1", "sub_1", at(0));
    return u;
  }

  @Test
  void stripesOtherStatusesMapOntoTheFive() {
    assertThat(
            List.of("incomplete", "incomplete_expired", "unpaid", "paused", "trialing").stream()
                .map(Subscriber.Status::of))
        .containsExactly(
            Subscriber.Status.none,
            Subscriber.Status.none,
            Subscriber.Status.past_due,
            Subscriber.Status.canceled,
            Subscriber.Status.trialing);
  }

  @Test
  void anOlderUpdateArrivingLastChangesNothing() {
    Subscriber u = subscribed("starter");
    u.subscription(sub("sub_1", "active", false), "elite", at(20));
    u.subscription(sub("sub_1", "active", false), "pro", at(10));
    assertThat(u.tier()).isEqualTo("elite");
  }

  @Test
  void aDeletionBeforeTheLastUpdateIsFinal() {
    Subscriber u = subscribed("pro");
    u.subscription(sub("sub_1", "canceled", false), "pro", at(20));
    u.subscription(sub("sub_1", "active", true), "pro", at(10));
    assertThat(u.tier()).isEqualTo(Tier.FREE);
    assertThat(u.status()).isEqualTo(Subscriber.Status.canceled);
    // even a later-stamped event of the ended subscription does not bring it back
    u.subscription(sub("sub_1", "active", false), "pro", at(30));
    assertThat(u.tier()).isEqualTo(Tier.FREE);
  }

  @Test
  void aPausedSubscriptionFallsBackToFreeAndComesBackWhenResumed() {
    Subscriber u = subscribed("pro");
    u.subscription(sub("sub_1", "paused", false), "pro", at(10));
    assertThat(u.tier()).isEqualTo(Tier.FREE);
    assertThat(u.status()).isEqualTo(Subscriber.Status.canceled);
    u.subscription(sub("sub_1", "active", false), "pro", at(20));
    assertThat(u.tier()).isEqualTo("pro");
    assertThat(u.status()).isEqualTo(Subscriber.Status.active);
  }

  @Test
  void aSubscriptionNeverGoesBackToIncomplete() {
    Subscriber u = subscribed("starter");
    u.subscription(sub("sub_1", "incomplete", false), "starter", at(0));
    assertThat(u.status()).isEqualTo(Subscriber.Status.active);
    assertThat(u.tier()).isEqualTo("starter");
  }

  @Test
  void theEndOfAnOlderSubscriptionDoesNotEndTheNewOne() {
    Subscriber u = subscribed("starter");
    u.subscription(sub("sub_1", "canceled", false), "starter", at(10));
    u.checkoutPaid("pro", "cus_1", "sub_2", at(20));
    u.subscription(sub("sub_1", "canceled", false), "starter", at(30));
    assertThat(u.tier()).isEqualTo("pro");
    assertThat(u.subscriptionId()).isEqualTo("sub_2");
  }

  @Test
  void aFailedPaymentIsPastDueUntilAnInvoiceIsPaid() {
    Subscriber u = subscribed("pro");
    u.paymentFailed("sub_1", at(10));
    assertThat(u.status()).isEqualTo(Subscriber.Status.past_due);
    assertThat(u.pastDueSince()).isEqualTo(at(10));
    assertThat(u.tier()).as("the tier holds").isEqualTo("pro");
    u.invoicePaid("sub_1", at(5));
    assertThat(u.status())
        .as("an older payment does not clear it")
        .isEqualTo(Subscriber.Status.past_due);
    u.invoicePaid("sub_1", at(20));
    assertThat(u.status()).isEqualTo(Subscriber.Status.active);
    assertThat(u.pastDueSince()).isNull();
  }

  @Test
  void onboardingStepsFollowTheDaysAndStopOnUpgrade() {
    Subscriber u = new Subscriber("ada", T0);
    List<Duration> days = List.of(Duration.ZERO, Duration.ofDays(3));
    assertThat(u.onboardingDue(days, T0)).hasValue(0);
    u.onboarded(0);
    assertThat(u.onboardingDue(days, T0.plus(Duration.ofDays(2)))).isEmpty();
    assertThat(u.onboardingDue(days, T0.plus(Duration.ofDays(3)))).hasValue(1);
    u.checkoutPaid("pro", "cus_1", "sub_1", at(0));
    assertThat(u.onboardingDue(days, T0.plus(Duration.ofDays(9)))).isEmpty();
  }

  @Test
  void aUserWhoseStepsPiledUpGetsOnlyTheLatest() {
    Subscriber u = new Subscriber("bo", T0);
    List<Duration> days = List.of(Duration.ZERO, Duration.ofDays(3), Duration.ofDays(7));
    assertThat(u.onboardingDue(days, T0.plus(Duration.ofDays(4)))).hasValue(1);
    u.onboarded(1);
    assertThat(u.onboardingDue(days, T0.plus(Duration.ofDays(5)))).isEmpty();
    assertThat(u.onboardingDue(days, T0.plus(Duration.ofDays(30)))).hasValue(2);
    u.onboarded(2);
    assertThat(u.onboardingDue(days, T0.plus(Duration.ofDays(60)))).isEmpty();
  }

  @Test
  void lastSeenIsKeptToTheMinute() {
    Subscriber u = new Subscriber("cy", T0);
    u.seen(T0);
    u.seen(T0.plusSeconds(59));
    assertThat(u.lastSeenAt()).isEqualTo(T0);
    u.seen(T0.plusSeconds(60));
    assertThat(u.lastSeenAt()).isEqualTo(T0.plusSeconds(60));
  }
}
