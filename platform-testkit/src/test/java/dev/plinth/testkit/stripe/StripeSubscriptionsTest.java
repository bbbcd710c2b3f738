package dev.plinth.testkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionRetrieveParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions in the simulator as the platform drives them through stripe-java: recurring prices,
 * subscription checkouts, price changes, cancellation, the billing portal, and the test controls
 * that renew a subscription or fail its renewal.
 */
class StripeSubscriptionsTest extends SimulatorFixture {

  static Price price(StripeClient c, long amount, PriceCreateParams.Recurring.Interval interval)
      throws Exception {
    return c.v1()
        .prices()
        .create(
            PriceCreateParams.builder()
                .setCurrency("usd")
                .setUnitAmount(amount)
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(interval).build())
                .setProductData(PriceCreateParams.ProductData.builder().setName("Pro").build())
                .build());
  }

  static SessionCreateParams.Builder subscriptionCheckout(String price) {
    return SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
        .setSuccessUrl("http://localhost/ok")
        .addLineItem(
            SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build());
  }

  /** A paid subscription of a new monthly price of {@code amount} in the key's account. */
  static Subscription subscribe(StripeClient c, long amount) throws Exception {
    Price price = price(c, amount, PriceCreateParams.Recurring.Interval.MONTH);
    Session s =
        c.v1()
            .checkout()
            .sessions()
            .create(
                subscriptionCheckout(price.getId())
                    .setSubscriptionData(
                        SessionCreateParams.SubscriptionData.builder()
                            .putMetadata("plinth_ref", "r-9")
                            .build())
                    .build());
    sim.pay(s.getId(), Delivery.none());
    return c.v1()
        .subscriptions()
        .retrieve(c.v1().checkout().sessions().retrieve(s.getId()).getSubscription());
  }

  static SubscriptionItem item(Subscription s) {
    return s.getItems().getData().get(0);
  }

  /** Moves the subscription's first item to {@code price}, prorated as {@code proration} says. */
  static Subscription changePrice(
      StripeClient c,
      Subscription sub,
      String price,
      SubscriptionUpdateParams.ProrationBehavior proration)
      throws Exception {
    return c.v1()
        .subscriptions()
        .update(
            sub.getId(),
            SubscriptionUpdateParams.builder()
                .addItem(
                    SubscriptionUpdateParams.Item.builder()
                        .setId(item(sub).getId())
                        .setPrice(price)
                        .build())
                .setProrationBehavior(proration)
                .build());
  }

  /** The invoice the subscription was last billed by. */
  static Invoice latestInvoice(StripeClient c, String subscription) throws Exception {
    return c.v1()
        .invoices()
        .retrieve(c.v1().subscriptions().retrieve(subscription).getLatestInvoice());
  }

  static List<Object> types(List<Map<String, Object>> events) {
    return events.stream().map(e -> e.get("type")).toList();
  }

  static long plusMonth(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC).plusMonths(1).toEpochSecond();
  }

  @Test
  void pricesTakeRecurringProductDataLookupKeysAndMetadata() throws Exception {
    StripeClient c = client(key());
    PriceCreateParams.Builder params =
        PriceCreateParams.builder()
            .setCurrency("eur")
            .setUnitAmount(1900L)
            .setRecurring(
                PriceCreateParams.Recurring.builder()
                    .setInterval(PriceCreateParams.Recurring.Interval.YEAR)
                    .build())
            .setProductData(PriceCreateParams.ProductData.builder().setName("Analyses Pro").build())
            .setLookupKey("analyses_pro")
            .putMetadata("tier", "pro");
    Price price = c.v1().prices().create(params.build());
    assertThat(price.getRecurring().getInterval()).isEqualTo("year");
    assertThat(price.getLookupKey()).isEqualTo("analyses_pro");
    assertThat(price.getMetadata()).containsEntry("tier", "pro");
    assertThat(c.v1().products().retrieve(price.getProduct()).getName()).isEqualTo("Analyses Pro");

    assertThatThrownBy(() -> c.v1().prices().create(params.build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("lookup_key"));
    Price moved = c.v1().prices().create(params.setTransferLookupKey(true).build());
    assertThat(c.v1().prices().retrieve(price.getId()).getLookupKey()).isNull();

    var found =
        c.v1()
            .prices()
            .list(
                PriceListParams.builder()
                    .addLookupKey("analyses_pro")
                    .addExpand("data.product")
                    .build());
    assertThat(found.getData()).extracting(Price::getId).containsExactly(moved.getId());
    assertThat(found.getData().get(0).getProductObject().getName()).isEqualTo("Analyses Pro");
  }

  @Test
  void aSubscriptionCheckoutCarriesItsMetadataAndPutsThePeriodOnTheItems() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 4900);
    assertThat(sub.getStatus()).isEqualTo("active");
    assertThat(sub.getMetadata()).containsEntry("plinth_ref", "r-9");
    Subscription expanded =
        c.v1()
            .subscriptions()
            .retrieve(sub.getId(), SubscriptionRetrieveParams.builder().addExpand("items").build());
    SubscriptionItem item = item(expanded);
    assertThat(item.getPrice().getUnitAmount()).isEqualTo(4900);
    assertThat(item.getCurrentPeriodEnd()).isEqualTo(plusMonth(item.getCurrentPeriodStart()));

    Invoice invoice = c.v1().invoices().retrieve(sub.getLatestInvoice());
    assertThat(invoice.getStatus()).isEqualTo("paid");
    assertThat(invoice.getBillingReason()).isEqualTo("subscription_create");
    assertThat(invoice.getParent().getSubscriptionDetails().getSubscription())
        .isEqualTo(sub.getId());
    assertThat(invoice.getParent().getSubscriptionDetails().getMetadata())
        .containsEntry("plinth_ref", "r-9");
    String pi = invoice.getPayments().getData().get(0).getPayment().getPaymentIntent();
    PaymentIntent paid = c.v1().paymentIntents().retrieve(pi);
    assertThat(paid.getStatus()).isEqualTo("succeeded");
    assertThat(paid.getAmount()).isEqualTo(4900);
    assertThat(types(sim.events(key)))
        .containsSubsequence(
            "customer.created",
            "invoice.created",
            "invoice.finalized",
            "customer.subscription.created",
            "charge.succeeded",
            "invoice.paid",
            "invoice.payment_succeeded",
            "customer.subscription.updated",
            "checkout.session.completed");
  }

  @Test
  void paymentIntentDataMetadataReachesThePaymentIntentAndEachModeKeepsItsOwnData()
      throws Exception {
    StripeClient c = client(key());
    Session s =
        c.v1()
            .checkout()
            .sessions()
            .create(
                StripeSimulatorTest.paymentBuilder(700)
                    .setPaymentIntentData(
                        SessionCreateParams.PaymentIntentData.builder()
                            .putMetadata("order", "o-1")
                            .build())
                    .build());
    sim.pay(s.getId(), Delivery.none());
    PaymentIntent pi =
        c.v1()
            .paymentIntents()
            .retrieve(c.v1().checkout().sessions().retrieve(s.getId()).getPaymentIntent());
    assertThat(pi.getMetadata()).containsEntry("order", "o-1");
    assertThat(c.v1().charges().retrieve(pi.getLatestCharge()).getMetadata())
        .containsEntry("order", "o-1");

    String price = price(c, 100, PriceCreateParams.Recurring.Interval.MONTH).getId();
    SessionCreateParams mixed =
        subscriptionCheckout(price)
            .setPaymentIntentData(
                SessionCreateParams.PaymentIntentData.builder().putMetadata("x", "y").build())
            .build();
    assertThatThrownBy(() -> c.v1().checkout().sessions().create(mixed))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.getParam()).isEqualTo("payment_intent_data"));
  }

  @Test
  void aCheckoutForAnExistingCustomerUsesItAndAnotherAccountsCustomerIsMissing() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Customer customer =
        c.v1()
            .customers()
            .create(CustomerCreateParams.builder().setEmail("old@example.com").build());
    String price = price(c, 2500, PriceCreateParams.Recurring.Interval.MONTH).getId();
    Session s =
        c.v1()
            .checkout()
            .sessions()
            .create(subscriptionCheckout(price).setCustomer(customer.getId()).build());
    sim.pay(s.getId(), Delivery.none());
    Session paid = c.v1().checkout().sessions().retrieve(s.getId());
    assertThat(paid.getCustomer()).isEqualTo(customer.getId());
    assertThat(paid.getCustomerDetails().getEmail()).isEqualTo("old@example.com");
    assertThat(c.v1().subscriptions().retrieve(paid.getSubscription()).getCustomer())
        .isEqualTo(customer.getId());
    assertThat(c.v1().customers().list().getData()).hasSize(1);

    StripeClient other = client(key());
    String otherPrice = price(other, 2500, PriceCreateParams.Recurring.Interval.MONTH).getId();
    assertThatThrownBy(
            () ->
                other
                    .v1()
                    .checkout()
                    .sessions()
                    .create(subscriptionCheckout(otherPrice).setCustomer(customer.getId()).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getCode()).isEqualTo("resource_missing");
              assertThat(e.getParam()).isEqualTo("customer");
            });
  }

  @Test
  void aPriceChangeMovesTheItemAndItsProrationReachesTheNextInvoice() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 1000);
    String oldPrice = item(sub).getPrice().getId();
    String newPrice = price(c, 3000, PriceCreateParams.Recurring.Interval.MONTH).getId();
    Subscription changed =
        changePrice(c, sub, newPrice, SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS);
    assertThat(item(changed).getId()).isEqualTo(item(sub).getId());
    assertThat(item(changed).getPrice().getId()).isEqualTo(newPrice);
    assertThat(item(changed).getCurrentPeriodEnd()).isEqualTo(item(sub).getCurrentPeriodEnd());

    Event updated =
        c.v1()
            .events()
            .list(EventListParams.builder().setType("customer.subscription.updated").build())
            .getData()
            .get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> before =
        (Map<String, Object>) updated.getData().getPreviousAttributes().get("items");
    assertThat(before.toString()).contains(oldPrice).doesNotContain(newPrice);
    Subscription inEvent =
        (Subscription) updated.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(item(inEvent).getPrice().getId()).isEqualTo(newPrice);

    // the rest of this period at the new price, less the old: about 2000, due at the renewal
    sim.advanceSubscription(sub.getId(), Delivery.none());
    Invoice renewal = latestInvoice(c, sub.getId());
    assertThat(renewal.getAmountPaid()).isBetween(3000L + 1990, 3000L + 2000);
    assertThat(renewal.getLines().getData()).hasSize(2);

    assertThatThrownBy(
            () ->
                changePrice(c, sub, "price_nope", SubscriptionUpdateParams.ProrationBehavior.NONE))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.getParam()).isEqualTo("items[0][price]"));
  }

  @Test
  void alwaysInvoiceChargesTheProrationAtOnceAndNoneChargesNothing() throws Exception {
    StripeClient c = client(key());
    Subscription sub = subscribe(c, 1000);
    String dearer = price(c, 5000, PriceCreateParams.Recurring.Interval.MONTH).getId();
    Subscription changed =
        changePrice(c, sub, dearer, SubscriptionUpdateParams.ProrationBehavior.ALWAYS_INVOICE);
    assertThat(changed.getLatestInvoice()).isNotEqualTo(sub.getLatestInvoice());
    Invoice now = c.v1().invoices().retrieve(changed.getLatestInvoice());
    assertThat(now.getBillingReason()).isEqualTo("subscription_update");
    assertThat(now.getStatus()).isEqualTo("paid");
    assertThat(now.getAmountPaid()).isBetween(3990L, 4000L);

    String cheaper = price(c, 2000, PriceCreateParams.Recurring.Interval.MONTH).getId();
    changePrice(c, sub, cheaper, SubscriptionUpdateParams.ProrationBehavior.NONE);
    sim.advanceSubscription(sub.getId(), Delivery.none());
    Invoice renewal = latestInvoice(c, sub.getId());
    assertThat(renewal.getAmountPaid()).isEqualTo(2000);
  }

  @Test
  void aPriceOfAnotherIntervalRestartsThePeriodAndInvoicesItAtOnce() throws Exception {
    StripeClient c = client(key());
    Subscription sub = subscribe(c, 1000);
    String yearly = price(c, 10000, PriceCreateParams.Recurring.Interval.YEAR).getId();
    Subscription changed =
        changePrice(c, sub, yearly, SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS);
    long start = item(changed).getCurrentPeriodStart();
    assertThat(start).isGreaterThanOrEqualTo(item(sub).getCurrentPeriodStart());
    assertThat(item(changed).getCurrentPeriodEnd())
        .isEqualTo(
            Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC).plusYears(1).toEpochSecond());
    Invoice now = latestInvoice(c, sub.getId());
    assertThat(now.getBillingReason()).isEqualTo("subscription_update");
    assertThat(now.getStatus()).isEqualTo("paid");
    // the new year, less the unused month of the old price
    assertThat(now.getAmountPaid()).isBetween(8990L, 9000L);
  }

  @Test
  void cancelAtPeriodEndTakesEffectWhenThePeriodIsAdvancedPastIt() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 1500);
    SubscriptionUpdateParams cancel =
        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build();
    Subscription ending = c.v1().subscriptions().update(sub.getId(), cancel);
    assertThat(ending.getCancelAtPeriodEnd()).isTrue();
    assertThat(ending.getCancelAt()).isEqualTo(item(sub).getCurrentPeriodEnd());
    assertThat(ending.getStatus()).isEqualTo("active");
    Subscription kept =
        c.v1()
            .subscriptions()
            .update(
                sub.getId(),
                SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build());
    assertThat(kept.getCancelAt()).isNull();
    c.v1().subscriptions().update(sub.getId(), cancel);

    List<Map<String, Object>> ended = sim.advanceSubscription(sub.getId(), Delivery.none());
    assertThat(types(ended)).containsExactly("customer.subscription.deleted");
    Subscription gone = c.v1().subscriptions().retrieve(sub.getId());
    assertThat(gone.getStatus()).isEqualTo("canceled");
    assertThat(gone.getEndedAt()).isEqualTo(item(sub).getCurrentPeriodEnd());
    assertThat(c.v1().subscriptions().list().getData()).isEmpty();
    assertThat(
            c.v1()
                .subscriptions()
                .list(
                    SubscriptionListParams.builder()
                        .setStatus(SubscriptionListParams.Status.ALL)
                        .build())
                .getData())
        .hasSize(1);
    assertThatThrownBy(() -> sim.advanceSubscription(sub.getId(), Delivery.none()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(types(sim.events(key)))
        .containsSubsequence(
            "customer.subscription.updated",
            "customer.subscription.updated",
            "customer.subscription.updated",
            "customer.subscription.deleted");
  }

  @Test
  void cancelingNowEndsTheSubscriptionAtOnce() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 1500);
    Subscription canceled = c.v1().subscriptions().cancel(sub.getId());
    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getEndedAt()).isNotNull().isLessThan(item(sub).getCurrentPeriodEnd());
    assertThat(types(sim.events(key))).endsWith("customer.subscription.deleted");
    assertThatThrownBy(() -> c.v1().subscriptions().cancel(sub.getId()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void renewalsMoveThePeriodAndAFailedOneIsPastDueUntilPaid() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 2000);
    long firstEnd = item(sub).getCurrentPeriodEnd();

    List<Map<String, Object>> renewed = sim.advanceSubscription(sub.getId(), Delivery.none());
    assertThat(types(renewed))
        .containsSubsequence(
            "invoice.created",
            "invoice.finalized",
            "customer.subscription.updated",
            "invoice.paid",
            "invoice.payment_succeeded");
    Subscription second = c.v1().subscriptions().retrieve(sub.getId());
    assertThat(item(second).getCurrentPeriodStart()).isEqualTo(firstEnd);
    assertThat(item(second).getCurrentPeriodEnd()).isEqualTo(plusMonth(firstEnd));
    Invoice cycle = c.v1().invoices().retrieve(second.getLatestInvoice());
    assertThat(cycle.getBillingReason()).isEqualTo("subscription_cycle");
    assertThat(cycle.getAmountPaid()).isEqualTo(2000);
    assertThat(cycle.getPeriodEnd()).isEqualTo(firstEnd);
    assertThat(cycle.getParent().getSubscriptionDetails().getSubscription()).isEqualTo(sub.getId());

    List<Map<String, Object>> failed = sim.failRenewal(sub.getId(), Delivery.none());
    assertThat(types(failed)).contains("invoice.payment_failed").doesNotContain("invoice.paid");
    Subscription pastDue = c.v1().subscriptions().retrieve(sub.getId());
    assertThat(pastDue.getStatus()).isEqualTo("past_due");
    assertThat(item(pastDue).getCurrentPeriodStart()).isEqualTo(item(second).getCurrentPeriodEnd());
    Invoice unpaid = c.v1().invoices().retrieve(pastDue.getLatestInvoice());
    assertThat(unpaid.getStatus()).isEqualTo("open");
    assertThat(unpaid.getNextPaymentAttempt()).isNotNull();

    sim.retryRenewal(sub.getId(), false, Delivery.none());
    assertThat(c.v1().invoices().retrieve(unpaid.getId()).getAttemptCount()).isEqualTo(2);
    assertThat(c.v1().subscriptions().retrieve(sub.getId()).getStatus()).isEqualTo("past_due");
    assertThat(types(sim.retryRenewal(sub.getId(), true, Delivery.none())))
        .contains("invoice.paid", "customer.subscription.updated");
    assertThat(c.v1().subscriptions().retrieve(sub.getId()).getStatus()).isEqualTo("active");
    assertThat(c.v1().invoices().retrieve(unpaid.getId()).getStatus()).isEqualTo("paid");
    assertThatThrownBy(() -> sim.retryRenewal(sub.getId(), true, Delivery.none()))
        .isInstanceOf(IllegalStateException.class);

    // a past_due subscription whose next renewal is paid is active again
    sim.failRenewal(sub.getId(), Delivery.none());
    sim.advanceSubscription(sub.getId(), Delivery.none());
    assertThat(c.v1().subscriptions().retrieve(sub.getId()).getStatus()).isEqualTo("active");
  }

  @Test
  void aRenewalIsDeliveredSignedWithThePeriodOnTheItems() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 900);
    sim.addEndpoint(key, receiver.url("/renewals"), "whsec_renewals", false);
    sim.advanceSubscription(sub.getId(), Delivery.normal());
    List<String[]> got = receiver.deliveredTo("/renewals", 7);
    Subscription renewed = null;
    for (String[] r : got) {
      Event e = Webhook.constructEvent(r[2], r[1], "whsec_renewals", 300);
      if (e.getType().equals("customer.subscription.updated")) {
        renewed = (Subscription) e.getDataObjectDeserializer().getObject().orElseThrow();
      }
    }
    assertThat(renewed).isNotNull();
    assertThat(item(renewed).getCurrentPeriodStart()).isEqualTo(item(sub).getCurrentPeriodEnd());
  }

  @Test
  void theBillingPortalShowsTheCustomerAndCancelsAtPeriodEnd() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 4900);
    com.stripe.model.billingportal.Session portal =
        c.v1()
            .billingPortal()
            .sessions()
            .create(
                com.stripe.param.billingportal.SessionCreateParams.builder()
                    .setCustomer(sub.getCustomer())
                    .setReturnUrl("http://localhost/account")
                    .build());
    assertThat(portal.getId()).startsWith("bps_");
    assertThat(portal.getCustomer()).isEqualTo(sub.getCustomer());
    assertThat(portal.getUrl()).startsWith(sim.baseUrl() + "/billing/");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(portal.getUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("customer@example.com")
        .contains("USD 49.00")
        .contains("Renews on")
        .contains("href=\"http://localhost/account\"");
    HttpResponse<String> canceled =
        http.send(
            HttpRequest.newBuilder(URI.create(portal.getUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "action=cancel&subscription=" + sub.getId()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(canceled.statusCode()).isEqualTo(303);
    assertThat(c.v1().subscriptions().retrieve(sub.getId()).getCancelAtPeriodEnd()).isTrue();
    assertThat(types(sim.events(key))).endsWith("customer.subscription.updated");

    assertThatThrownBy(
            () ->
                client(key())
                    .v1()
                    .billingPortal()
                    .sessions()
                    .create(
                        com.stripe.param.billingportal.SessionCreateParams.builder()
                            .setCustomer(sub.getCustomer())
                            .build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
  }

  @Test
  void subscriptionChangesCheckTheKeyAndReplayAnIdempotencyKey() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Subscription sub = subscribe(c, 1200);
    RequestOptions idem = RequestOptions.builder().setIdempotencyKey("cancel-" + key).build();
    SubscriptionUpdateParams cancel =
        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build();
    c.v1().subscriptions().update(sub.getId(), cancel, idem);
    long updates =
        sim.events(key).stream()
            .filter(e -> e.get("type").equals("customer.subscription.updated"))
            .count();
    c.v1().subscriptions().update(sub.getId(), cancel, idem);
    assertThat(
            sim.events(key).stream()
                .filter(e -> e.get("type").equals("customer.subscription.updated")))
        .hasSize((int) updates);
    assertThat(sim.requests())
        .anyMatch(r -> r.path().equals("/v1/subscriptions/" + sub.getId()) && r.replayed());
    assertThatThrownBy(
            () ->
                c.v1()
                    .subscriptions()
                    .update(
                        sub.getId(),
                        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build(),
                        idem))
        .isInstanceOf(IdempotencyException.class);

    assertThatThrownBy(() -> client("sk_test_x").v1().subscriptions().cancel(sub.getId()))
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> client(key()).v1().subscriptions().cancel(sub.getId()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    assertThat(c.v1().subscriptions().retrieve(sub.getId()).getStatus()).isEqualTo("active");
  }
}
