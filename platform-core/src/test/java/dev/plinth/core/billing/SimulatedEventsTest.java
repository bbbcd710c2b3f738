package dev.plinth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.param.RefundCreateParams;
import dev.plinth.core.billing.events.HostRecords;
import dev.plinth.core.billing.events.PaymentEventTranslator;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaid;
import dev.plinth.spi.billing.PaymentEvent.InvoicePaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentEvent.SubscriptionChanged;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.testkit.stripe.Delivery;
import dev.plinth.testkit.stripe.Jsons;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checkout parameters Plinth sends, and the events the simulator makes of them in Stripe's wire
 * format, translated with no help from the host's records: the marks on the payment intent and the
 * subscription are enough for refunds, subscription changes and invoices.
 */
class SimulatedEventsTest {

  static StripeSimulator sim;

  static final Tenant TENANT =
      new Tenant(UUID.randomUUID(), "breeder", "Breeder", "probe", "o@example.com", Instant.now());

  @BeforeAll
  static void start() {
    sim = StripeSimulator.start(0);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static String key() {
    return "sk_test_" + UUID.randomUUID().toString().replace("-", "");
  }

  static StripeClient client(String key) {
    return StripeClient.builder().setApiKey(key).setApiBase(sim.baseUrl()).build();
  }

  static String checkout(String key, CheckoutRequest r) throws Exception {
    return client(key)
        .v1()
        .checkout()
        .sessions()
        .create(StripeBillingService.params(TENANT, r, Instant.now().plusSeconds(3600)))
        .getId();
  }

  /** The typed events of the simulator's events, in order. */
  static List<PaymentEvent> translated(List<Map<String, Object>> events) {
    return events.stream()
        .map(SimulatedEventsTest::event)
        .map(e -> PaymentEventTranslator.translate(e, HostRecords.NONE))
        .flatMap(Optional::stream)
        .peek(t -> assertThat(t.vertical()).isEqualTo("probe"))
        .map(PaymentEventTranslator.Translated::event)
        .toList();
  }

  @SuppressWarnings("unchecked")
  static StripeEvent event(Map<String, Object> e) {
    JsonObject object =
        Json.createReader(
                new StringReader(Jsons.write(((Map<String, Object>) e.get("data")).get("object"))))
            .readObject();
    return new StripeEvent(
        (String) e.get("id"),
        (String) e.get("type"),
        Instant.ofEpochSecond(((Number) e.get("created")).longValue()),
        Optional.empty(),
        object);
  }

  @Test
  void aPaymentAndItsRefundsCarryTheReference() throws Exception {
    String key = key();
    String session =
        checkout(
            key,
            CheckoutRequest.payment("order-1")
                .line(CheckoutLine.item("Deposit", 5000, "usd"))
                .email("pat@example.com")
                .metadata(Map.of("puppy", "rex"))
                .successUrl("http://localhost/ok")
                .build());
    List<PaymentEvent> paid = translated(sim.pay(session, Delivery.none()));
    assertThat(paid).singleElement().isInstanceOf(CheckoutPaid.class);
    assertThat(paid.get(0).reference()).isEqualTo("order-1");
    assertThat(paid.get(0).facts().amount()).isEqualTo(new Money(5000, "usd"));

    String pi = paid.get(0).facts().paymentIntentId();
    int before = sim.events(key).size();
    client(key)
        .v1()
        .refunds()
        .create(RefundCreateParams.builder().setPaymentIntent(pi).setAmount(2000L).build());
    List<PaymentEvent> refunds =
        translated(sim.events(key).subList(before, sim.events(key).size()));
    PaymentRefunded partial = (PaymentRefunded) refunds.get(0);
    assertThat(refunds).hasSize(1);
    assertThat(partial.reference()).isEqualTo("order-1");
    assertThat(partial.full()).isFalse();
    assertThat(partial.refunded()).isEqualTo(new Money(2000, "usd"));
    assertThat(partial.facts().metadata()).isEqualTo(Map.of("puppy", "rex"));
  }

  @Test
  void aSubscriptionItsInvoicesAndItsRenewalsCarryTheReference() throws Exception {
    String key = key();
    String price = sim.createPrice(key, 4900, "usd", "month");
    String session =
        checkout(
            key,
            CheckoutRequest.subscription("plan-1")
                .line(CheckoutLine.price(price, 1))
                .email("pat@example.com")
                .successUrl("http://localhost/ok")
                .build());
    List<PaymentEvent> started = translated(sim.pay(session, Delivery.none()));
    assertThat(started).hasAtLeastOneElementOfType(SubscriptionChanged.class);
    assertThat(started).allMatch(e -> "plan-1".equals(e.reference()));
    CheckoutPaid paid =
        started.stream()
            .filter(CheckoutPaid.class::isInstance)
            .map(CheckoutPaid.class::cast)
            .findFirst()
            .orElseThrow();
    String sub = paid.subscriptionId();
    assertThat(started)
        .filteredOn(InvoicePaid.class::isInstance)
        .singleElement()
        .matches(e -> ((InvoicePaid) e).subscriptionId().equals(sub))
        .matches(e -> e.facts().amount().equals(new Money(4900, "usd")));
    SubscriptionChanged first = last(started);
    assertThat(first.subscription().status()).isEqualTo("active");
    assertThat(first.subscription().priceId()).isEqualTo(price);

    List<PaymentEvent> renewed = translated(sim.advanceSubscription(sub, Delivery.none()));
    assertThat(renewed).filteredOn(InvoicePaid.class::isInstance).hasSize(1);
    assertThat(last(renewed).subscription().currentPeriodStart())
        .isEqualTo(first.subscription().currentPeriodEnd());

    List<PaymentEvent> failed = translated(sim.failRenewal(sub, Delivery.none()));
    InvoicePaymentFailed declined =
        failed.stream()
            .filter(InvoicePaymentFailed.class::isInstance)
            .map(InvoicePaymentFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(declined.reference()).isEqualTo("plan-1");
    assertThat(declined.attemptCount()).isPositive();
    assertThat(last(failed).subscription().status()).isEqualTo("past_due");
  }

  static SubscriptionChanged last(List<PaymentEvent> events) {
    return events.stream()
        .filter(SubscriptionChanged.class::isInstance)
        .map(SubscriptionChanged.class::cast)
        .reduce((a, b) -> b)
        .orElseThrow();
  }
}
