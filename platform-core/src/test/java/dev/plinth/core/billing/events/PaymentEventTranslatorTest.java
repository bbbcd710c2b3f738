package dev.plinth.core.billing.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutAwaitingPayment;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.DisputeClosed;
import dev.plinth.spi.billing.PaymentEvent.DisputeOpened;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaid;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentEvent.SubscriptionChanged;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.testkit.stripe.Fixtures;
import dev.plinth.testkit.stripe.Jsons;
import jakarta.json.Json;
import java.io.StringReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Translating Stripe's own example objects, changed as a real event would have them. */
class PaymentEventTranslatorTest {

  static final Instant CREATED = Instant.ofEpochSecond(1_790_000_000);

  static final Map<String, String> MARKS =
      Map.of(
          "plinth_tenant", "breeder",
          "plinth_vertical", "reservations",
          "plinth_reference", "res-1",
          "puppy", "rex");

  /** Host records that know what the test tells them. */
  static final class Known implements HostRecords {
    final Map<String, Owner> checkouts = new HashMap<>();
    final Map<String, Owner> payments = new HashMap<>();
    final Map<String, Owner> subscriptions = new HashMap<>();

    @Override
    public Optional<Owner> checkout(String sessionId) {
      return Optional.ofNullable(checkouts.get(sessionId));
    }

    @Override
    public Optional<Owner> payment(String paymentIntentId, String chargeId) {
      return Optional.ofNullable(payments.get(paymentIntentId))
          .or(() -> Optional.ofNullable(payments.get(chargeId)));
    }

    @Override
    public Optional<Owner> subscription(String subscriptionId) {
      return Optional.ofNullable(subscriptions.get(subscriptionId));
    }
  }

  static StripeEvent event(String type, Map<String, Object> object, String account) {
    return new StripeEvent(
        "evt_1abc",
        type,
        CREATED,
        Optional.ofNullable(account),
        Json.createReader(new StringReader(Jsons.write(object))).readObject());
  }

  static PaymentEvent translate(String type, Map<String, Object> object, HostRecords records) {
    return PaymentEventTranslator.translate(event(type, object, null), records)
        // the dispatcher skips a type whose events a listener ignores: eventsOf must know each
        .map(
            t -> {
              assertThat(PaymentEventTranslator.eventsOf(type))
                  .contains(t.event().getClass().getSimpleName());
              return t;
            })
        .map(PaymentEventTranslator.Translated::event)
        .orElse(null);
  }

  static Map<String, Object> session(String paymentStatus) {
    Map<String, Object> s = Fixtures.of("checkout.session");
    s.put("id", "cs_test_1");
    s.put("status", "complete");
    s.put("payment_status", paymentStatus);
    s.put("amount_total", 25000L);
    s.put("currency", "usd");
    s.put("payment_intent", "pi_1");
    s.put("customer", "cus_1");
    s.put("metadata", new LinkedHashMap<>(MARKS));
    return s;
  }

  @Test
  void aPaidCheckoutCarriesItsFacts() {
    var t =
        PaymentEventTranslator.translate(
                event("checkout.session.completed", session("paid"), "acct_9"), HostRecords.NONE)
            .orElseThrow();
    assertThat(t.vertical()).isEqualTo("reservations");
    CheckoutPaid paid = (CheckoutPaid) t.event();
    PaymentEvent.Facts f = paid.facts();
    assertThat(f.eventId()).isEqualTo("evt_1abc");
    assertThat(f.created()).isEqualTo(CREATED);
    assertThat(f.reference()).isEqualTo("res-1");
    assertThat(f.checkoutSessionId()).isEqualTo("cs_test_1");
    assertThat(f.paymentIntentId()).isEqualTo("pi_1");
    assertThat(f.customerId()).isEqualTo("cus_1");
    // Stripe's example has customer_details.email and no customer_email
    assertThat(f.email()).isEqualTo("example@example.com");
    assertThat(f.amount()).isEqualTo(new Money(25000, "usd"));
    assertThat(f.account()).isEqualTo("acct_9");
    assertThat(f.metadata()).isEqualTo(Map.of("puppy", "rex"));
    assertThat(paid.subscriptionId()).isNull();
  }

  @Test
  void theEmailTypedAtCheckoutWinsOverThePrefilledOne() {
    Map<String, Object> s = session("paid");
    s.put("customer_email", "prefilled@example.com");
    assertThat(translate("checkout.session.completed", s, HostRecords.NONE).facts().email())
        .isEqualTo("example@example.com");
    s.put("customer_details", null);
    assertThat(translate("checkout.session.completed", s, HostRecords.NONE).facts().email())
        .isEqualTo("prefilled@example.com");
  }

  @Test
  void eachCheckoutOutcomeHasItsEvent() {
    assertThat(translate("checkout.session.completed", session("unpaid"), HostRecords.NONE))
        .isInstanceOf(CheckoutAwaitingPayment.class);
    assertThat(
            translate(
                "checkout.session.completed", session("no_payment_required"), HostRecords.NONE))
        .isInstanceOf(CheckoutPaid.class);
    assertThat(
            translate(
                "checkout.session.async_payment_succeeded", session("paid"), HostRecords.NONE))
        .isInstanceOf(CheckoutPaid.class);
    assertThat(
            translate("checkout.session.async_payment_failed", session("unpaid"), HostRecords.NONE))
        .isInstanceOf(CheckoutPaymentFailed.class);
    Map<String, Object> expired = session("unpaid");
    expired.put("status", "expired");
    expired.put("payment_intent", null);
    PaymentEvent e = translate("checkout.session.expired", expired, HostRecords.NONE);
    assertThat(e).isInstanceOf(CheckoutExpired.class);
    assertThat(e.facts().paymentIntentId()).isNull();
  }

  @Test
  void aSubscriptionCheckoutNamesTheSubscriptionItStarted() {
    Map<String, Object> s = session("paid");
    s.put("mode", "subscription");
    s.put("payment_intent", null);
    s.put("subscription", "sub_1");
    CheckoutPaid paid = (CheckoutPaid) translate("checkout.session.completed", s, HostRecords.NONE);
    assertThat(paid.subscriptionId()).isEqualTo("sub_1");
  }

  @Test
  void aSessionWithoutMarksBelongsOnlyToACheckoutTheHostCreated() {
    Map<String, Object> s = session("paid");
    s.put("metadata", new LinkedHashMap<>());
    assertThat(translate("checkout.session.completed", s, HostRecords.NONE)).isNull();
    Known known = new Known();
    known.checkouts.put("cs_test_1", new Owner("campaigns", "order-5", "cs_test_1"));
    var t =
        PaymentEventTranslator.translate(event("checkout.session.completed", s, null), known)
            .orElseThrow();
    assertThat(t.vertical()).isEqualTo("campaigns");
    assertThat(t.event().reference()).isEqualTo("order-5");
  }

  @Test
  void everyPaymentObjectFindsTheReferenceItsTypedEventWouldCarry() {
    Known known = new Known();
    Owner res = new Owner("reservations", "res-1", "cs_test_1");
    known.payments.put("pi_1", res);
    known.subscriptions.put("sub_1", res);
    // a session and a payment intent by their metadata; a charge without any through its payment
    assertThat(owner("checkout.session.completed", session("paid"), HostRecords.NONE))
        .isEqualTo("res-1");
    Map<String, Object> pi = Fixtures.of("payment_intent");
    pi.put("id", "pi_2");
    pi.put("metadata", new LinkedHashMap<>(MARKS));
    assertThat(owner("payment_intent.succeeded", pi, HostRecords.NONE)).isEqualTo("res-1");
    pi.put("id", "pi_1");
    pi.put("metadata", new LinkedHashMap<>());
    assertThat(owner("payment_intent.payment_failed", pi, known)).isEqualTo("res-1");
    Map<String, Object> c = charge(0, false);
    c.put("metadata", new LinkedHashMap<>());
    assertThat(owner("charge.failed", c, known)).isEqualTo("res-1");
    assertThat(owner("charge.failed", c, HostRecords.NONE)).isNull();
    Map<String, Object> refund = Fixtures.of("refund");
    refund.put("payment_intent", "pi_1");
    assertThat(owner("refund.created", refund, known)).isEqualTo("res-1");
    Map<String, Object> dispute = Fixtures.of("dispute");
    dispute.put("payment_intent", "pi_1");
    assertThat(owner("charge.dispute.funds_withdrawn", dispute, known)).isEqualTo("res-1");
    Map<String, Object> sub = Fixtures.of("subscription");
    sub.put("id", "sub_1");
    assertThat(owner("customer.subscription.paused", sub, known)).isEqualTo("res-1");
    // an object of no payment has no owner
    assertThat(owner("customer.updated", Fixtures.of("customer"), known)).isNull();
  }

  static String owner(String type, Map<String, Object> object, HostRecords records) {
    return PaymentEventTranslator.ownerOf(event(type, object, null), records)
        .map(Owner::reference)
        .orElse(null);
  }

  static Map<String, Object> charge(long refunded, boolean full) {
    Map<String, Object> c = Fixtures.of("charge");
    c.put("id", "ch_1");
    c.put("amount", 25000L);
    c.put("amount_captured", 25000L);
    c.put("amount_refunded", refunded);
    c.put("refunded", full);
    c.put("currency", "usd");
    c.put("payment_intent", "pi_1");
    c.put("customer", "cus_1");
    c.put("receipt_email", "pat@example.com");
    return c;
  }

  @Test
  void aRefundIsFullOrPartialWithTheChargedAndRefundedAmounts() {
    Known known = new Known();
    known.payments.put("pi_1", new Owner("reservations", "res-1", "cs_test_1"));
    PaymentRefunded partial =
        (PaymentRefunded) translate("charge.refunded", charge(10000, false), known);
    assertThat(partial.full()).isFalse();
    assertThat(partial.refunded()).isEqualTo(new Money(10000, "usd"));
    assertThat(partial.facts().amount()).isEqualTo(new Money(25000, "usd"));
    assertThat(partial.reference()).isEqualTo("res-1");
    assertThat(partial.facts().checkoutSessionId()).isEqualTo("cs_test_1");
    assertThat(partial.facts().paymentIntentId()).isEqualTo("pi_1");
    // the example's billing_details.email is null: the receipt's address is taken
    assertThat(partial.facts().email()).isEqualTo("pat@example.com");
    PaymentRefunded full =
        (PaymentRefunded) translate("charge.refunded", charge(25000, true), known);
    assertThat(full.full()).isTrue();
    assertThat(full.refunded()).isEqualTo(new Money(25000, "usd"));
  }

  @Test
  void aRefundOfAPaymentTheHostHasNotRecordedYetIsFoundByTheChargesMarks() {
    Map<String, Object> c = charge(25000, true);
    assertThat(translate("charge.refunded", c, HostRecords.NONE)).isNull();
    c.put("metadata", new LinkedHashMap<>(MARKS));
    PaymentRefunded r = (PaymentRefunded) translate("charge.refunded", c, HostRecords.NONE);
    assertThat(r.reference()).isEqualTo("res-1");
    assertThat(r.facts().metadata()).containsOnlyKeys("puppy");
  }

  @Test
  void disputesAreFoundThroughThePaymentTheyHoldBack() {
    Known known = new Known();
    known.payments.put("ch_1PgafuB7WZ01zgkWXYmPNZs8", new Owner("campaigns", "order-1", "cs_2"));
    // Stripe's example dispute names its charge, and no payment intent
    Map<String, Object> d = Fixtures.of("dispute");
    DisputeOpened opened = (DisputeOpened) translate("charge.dispute.created", d, known);
    assertThat(opened.disputeId()).isEqualTo("dp_1Pgc71B7WZ01zgkWMevJiAUx");
    assertThat(opened.reason()).isEqualTo("general");
    assertThat(opened.reference()).isEqualTo("order-1");
    assertThat(opened.facts().amount()).isEqualTo(new Money(1000, "usd"));
    d.put("status", "lost");
    DisputeClosed lost = (DisputeClosed) translate("charge.dispute.closed", d, known);
    assertThat(lost.won()).isFalse();
    assertThat(lost.status()).isEqualTo("lost");
    d.put("status", "won");
    assertThat(((DisputeClosed) translate("charge.dispute.closed", d, known)).won()).isTrue();
    assertThat(translate("charge.dispute.created", d, HostRecords.NONE)).isNull();
  }

  static Map<String, Object> subscription() {
    Map<String, Object> s = Fixtures.of("subscription");
    s.put("metadata", new LinkedHashMap<>(MARKS));
    return s;
  }

  @Test
  void aSubscriptionsPeriodIsReadFromItsItem() {
    SubscriptionChanged e =
        (SubscriptionChanged)
            translate("customer.subscription.updated", subscription(), HostRecords.NONE);
    Subscription s = e.subscription();
    assertThat(s.id()).isEqualTo("sub_1Pgc6rB7WZ01zgkWNy0Cn5nw");
    assertThat(s.customerId()).isEqualTo("cus_QXg1o8vcGmoR32");
    assertThat(s.status()).isEqualTo("active");
    assertThat(s.priceId()).isEqualTo("price_1PgafmB7WZ01zgkW6dKueIc5");
    // the example's item has these; the subscription itself has no period in API 2026-07-29
    assertThat(s.currentPeriodStart()).isEqualTo(Instant.ofEpochSecond(1896570518));
    assertThat(s.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(976287773));
    assertThat(s.cancelAtPeriodEnd()).isTrue();
    assertThat(s.reference()).isEqualTo("res-1");
    assertThat(s.metadata()).isEqualTo(Map.of("puppy", "rex"));
    assertThat(e.facts().customerId()).isEqualTo("cus_QXg1o8vcGmoR32");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anOlderRenderingsPeriodOnTheSubscriptionIsTheFallback() {
    Map<String, Object> s = subscription();
    Map<String, Object> item =
        (Map<String, Object>)
            ((List<Object>) ((Map<String, Object>) s.get("items")).get("data")).get(0);
    item.remove("current_period_start");
    item.remove("current_period_end");
    s.put("current_period_start", 1_700_000_000L);
    s.put("current_period_end", 1_702_592_000L);
    Subscription sub =
        PaymentEventTranslator.subscription(
            Json.createReader(new StringReader(Jsons.write(s))).readObject(), null);
    assertThat(sub.currentPeriodStart()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(sub.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(1_702_592_000L));
  }

  @Test
  void aSubscriptionWithoutMarksIsFoundThroughItsCheckout() {
    Map<String, Object> s = Fixtures.of("subscription");
    assertThat(translate("customer.subscription.created", s, HostRecords.NONE)).isNull();
    Known known = new Known();
    known.subscriptions.put(
        "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw", new Owner("analyses", "plan-3", "cs_9"));
    PaymentEvent e = translate("customer.subscription.deleted", s, known);
    assertThat(e.reference()).isEqualTo("plan-3");
    assertThat(e.facts().checkoutSessionId()).isEqualTo("cs_9");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> invoice() {
    Map<String, Object> in = Fixtures.of("invoice");
    Map<String, Object> details =
        (Map<String, Object>) ((Map<String, Object>) in.get("parent")).get("subscription_details");
    details.put("subscription", "sub_7");
    details.put("metadata", new LinkedHashMap<>(MARKS));
    in.put("amount_paid", 2000L);
    in.put("amount_due", 2000L);
    in.put("customer_email", "pat@example.com");
    return in;
  }

  @Test
  void aPaidInvoiceNamesItsSubscriptionFromItsParent() {
    InvoicePaid paid = (InvoicePaid) translate("invoice.paid", invoice(), HostRecords.NONE);
    assertThat(paid.invoiceId()).isEqualTo("in_1Pgc6tB7WZ01zgkWu9fdqL6I");
    assertThat(paid.subscriptionId()).isEqualTo("sub_7");
    assertThat(paid.reference()).isEqualTo("res-1");
    assertThat(paid.facts().amount()).isEqualTo(new Money(2000, "usd"));
    assertThat(paid.facts().email()).isEqualTo("pat@example.com");
    assertThat(paid.facts().customerId()).isEqualTo("cus_QXg1o8vcGmoR32");
    // Stripe sends invoice.payment_succeeded for the same payment: it would double every one
    assertThat(translate("invoice.payment_succeeded", invoice(), HostRecords.NONE)).isNull();
  }

  @Test
  void aFailedInvoiceSaysWhenStripeTriesAgain() {
    Map<String, Object> in = invoice();
    in.put("attempt_count", 2L);
    in.put("next_payment_attempt", 1_790_086_400L);
    InvoicePaymentFailed failed =
        (InvoicePaymentFailed) translate("invoice.payment_failed", in, HostRecords.NONE);
    assertThat(failed.attemptCount()).isEqualTo(2);
    assertThat(failed.nextAttempt()).isEqualTo(Instant.ofEpochSecond(1_790_086_400L));
    assertThat(failed.subscriptionId()).isEqualTo("sub_7");
  }

  @Test
  void anOlderInvoiceNamesItsSubscriptionOnItselfAndIsFoundThroughTheRecords() {
    Map<String, Object> in = Fixtures.of("invoice");
    in.put("parent", null);
    in.put("subscription", "sub_old");
    Known known = new Known();
    known.subscriptions.put("sub_old", new Owner("analyses", "plan-1", null));
    InvoicePaid paid = (InvoicePaid) translate("invoice.paid", in, known);
    assertThat(paid.subscriptionId()).isEqualTo("sub_old");
    assertThat(paid.reference()).isEqualTo("plan-1");
    // an invoice of no subscription (a one-off invoice) is nobody's
    in.put("subscription", null);
    assertThat(translate("invoice.paid", in, known)).isNull();
  }

  @Test
  void otherTypesAreNotTranslated() {
    assertThat(translate("customer.created", Fixtures.of("customer"), HostRecords.NONE)).isNull();
    assertThat(translate("refund.created", Fixtures.of("refund"), HostRecords.NONE)).isNull();
  }
}
