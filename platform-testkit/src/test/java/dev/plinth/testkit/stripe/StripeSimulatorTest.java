package dev.plinth.testkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.model.Event;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.WebhookEndpoint;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.EventListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator as stripe-java sees it: Plinth's own client library is the judge of the wire
 * format, the error shapes and the webhook signatures.
 */
class StripeSimulatorTest extends SimulatorFixture {

  @BeforeAll
  static void fastRetries() {
    sim.retryDelays(List.of(Duration.ofMillis(100), Duration.ofMillis(100)));
  }

  static String hook(String path) {
    return receiver.url(path);
  }

  static SessionCreateParams payment(long amount) {
    return paymentBuilder(amount).build();
  }

  static SessionCreateParams.Builder paymentBuilder(long amount) {
    return SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("http://localhost/ok?session_id={CHECKOUT_SESSION_ID}")
        .setCancelUrl("http://localhost/cancel")
        .setCustomerEmail("buyer@example.com")
        .putMetadata("plinth_reference", "r-1")
        .setExpiresAt(Instant.now().plusSeconds(3600).getEpochSecond())
        .addLineItem(item("Deposit", amount, 2));
  }

  /** A receiver path of its own, with a registered endpoint; returns its secret. */
  static String endpoint(StripeClient c, String path) throws Exception {
    WebhookEndpoint e =
        c.v1()
            .webhookEndpoints()
            .create(
                WebhookEndpointCreateParams.builder()
                    .setUrl(hook(path))
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                    .build());
    assertThat(e.getSecret()).startsWith("whsec_");
    return e.getSecret();
  }

  static List<String[]> deliveredTo(String path, int atLeast) throws Exception {
    return receiver.deliveredTo(path, atLeast);
  }

  @Test
  void checkoutSessionsAreCreatedReadListedAndExpiredThroughStripeJava() throws Exception {
    StripeClient c = client(key());
    Session s = c.v1().checkout().sessions().create(payment(1500));
    assertThat(s.getId()).startsWith("cs_test_");
    assertThat(s.getUrl()).isEqualTo(sim.baseUrl() + "/pay/" + s.getId());
    assertThat(s.getAmountTotal()).isEqualTo(3000);
    assertThat(s.getCurrency()).isEqualTo("usd");
    assertThat(s.getStatus()).isEqualTo("open");
    assertThat(s.getPaymentStatus()).isEqualTo("unpaid");
    assertThat(s.getMetadata()).containsEntry("plinth_reference", "r-1");

    Session again = c.v1().checkout().sessions().retrieve(s.getId());
    assertThat(again.getCustomerEmail()).isEqualTo("buyer@example.com");
    var items = c.v1().checkout().sessions().lineItems().list(s.getId());
    assertThat(items.getData()).hasSize(1);
    assertThat(items.getData().get(0).getQuantity()).isEqualTo(2);
    assertThat(items.getData().get(0).getDescription()).isEqualTo("Deposit");

    assertThat(c.v1().checkout().sessions().expire(s.getId()).getStatus()).isEqualTo("expired");
    assertThatThrownBy(() -> c.v1().checkout().sessions().expire(s.getId()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("can be expired");
  }

  @Test
  void badParametersGetStripesErrors() {
    StripeClient c = client(key());
    SessionCreateParams tooSoon =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("http://localhost/ok")
            .setExpiresAt(Instant.now().plusSeconds(60).getEpochSecond())
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_nope").build())
            .build();
    assertThatThrownBy(() -> c.v1().checkout().sessions().create(tooSoon))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(
            e -> assertThat(((InvalidRequestException) e).getParam()).isEqualTo("expires_at"));
    SessionCreateParams noSuchPrice =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("http://localhost/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_nope").build())
            .build();
    assertThatThrownBy(() -> c.v1().checkout().sessions().create(noSuchPrice))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("No such price");
  }

  @Test
  void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesOtherParameters() throws Exception {
    String key = key();
    StripeClient c = client(key);
    RequestOptions idem = RequestOptions.builder().setIdempotencyKey("op-" + key).build();
    // the same parameters: payment() puts an expiry from the wall clock in them
    SessionCreateParams params = payment(700);
    Session first = c.v1().checkout().sessions().create(params, idem);
    Session second = c.v1().checkout().sessions().create(params, idem);
    assertThat(second.getId()).isEqualTo(first.getId());
    assertThat(
            sim.count(
                r ->
                    StripeSimulator.accountOf(key).equals(r.account())
                        && r.path().equals("/v1/checkout/sessions")
                        && r.status() == 200
                        && !r.replayed()))
        .isEqualTo(1);
    assertThatThrownBy(() -> c.v1().checkout().sessions().create(payment(701), idem))
        .isInstanceOf(IdempotencyException.class);
  }

  @Test
  void keysAreCheckedAndAccountsAreIsolated() throws Exception {
    String key = key();
    Session s = client(key).v1().checkout().sessions().create(payment(100));
    assertThatThrownBy(() -> client("sk_test_x").v1().checkout().sessions().retrieve(s.getId()))
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> client(key()).v1().checkout().sessions().retrieve(s.getId()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("No such checkout.session");
    String revoked = key();
    client(revoked).v1().customers().list();
    sim.revokeKey(revoked);
    assertThatThrownBy(() -> client(revoked).v1().customers().list())
        .isInstanceOf(AuthenticationException.class);

    String platform = key();
    String account = "acct_1" + key().substring(8, 20);
    RequestOptions asConnected = RequestOptions.builder().setStripeAccount(account).build();
    Session connected =
        client(platform).v1().checkout().sessions().create(payment(100), asConnected);
    assertThat(client(platform).v1().checkout().sessions().retrieve(connected.getId(), asConnected))
        .isNotNull();
    assertThatThrownBy(
            () ->
                client(key())
                    .v1()
                    .checkout()
                    .sessions()
                    .retrieve(
                        connected.getId(),
                        (com.stripe.param.checkout.SessionRetrieveParams) null,
                        asConnected))
        .isInstanceOf(PermissionException.class);
  }

  @Test
  void payingDeliversSignedEventsThatStripeJavaVerifies() throws Exception {
    StripeClient c = client(key());
    String secret = endpoint(c, "/paid");
    Session s = c.v1().checkout().sessions().create(payment(2500));
    sim.pay(s.getId(), Delivery.normal());
    List<String[]> got = deliveredTo("/paid", 3);
    List<String> types = new ArrayList<>();
    for (String[] r : got) {
      Event e = Webhook.constructEvent(r[2], r[1], secret, 300);
      types.add(e.getType());
      assertThat(e.getApiVersion()).isEqualTo(StripeSimulator.API_VERSION);
      if (e.getType().equals("checkout.session.completed")) {
        Session paid = (Session) e.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(paid.getPaymentStatus()).isEqualTo("paid");
        assertThat(paid.getPaymentIntent()).startsWith("pi_");
        assertThat(paid.getCustomerDetails().getEmail()).isEqualTo("buyer@example.com");
      }
    }
    assertThat(types)
        .containsExactly(
            "charge.succeeded", "payment_intent.succeeded", "checkout.session.completed");
    assertThatThrownBy(
            () -> Webhook.constructEvent(got.get(0)[2], got.get(0)[1], "whsec_wrong", 300))
        .isInstanceOf(com.stripe.exception.SignatureVerificationException.class);
    assertThat(c.v1().checkout().sessions().retrieve(s.getId()).getStatus()).isEqualTo("complete");
  }

  @Test
  void deliveriesCanBeDuplicatedReversedDroppedAndAreRetried() throws Exception {
    String key = key();
    StripeClient c = client(key);
    endpoint(c, "/odd");
    Session a = c.v1().checkout().sessions().create(payment(100));
    sim.pay(a.getId(), Delivery.normal().copies(2).reversed());
    List<String[]> got = deliveredTo("/odd", 6);
    assertThat(got).hasSize(6);
    assertThat(got.get(0)[2]).contains("\"type\":\"checkout.session.completed\"");

    Session b = c.v1().checkout().sessions().create(payment(100));
    List<Map<String, Object>> events = sim.expire(b.getId(), Delivery.none());
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(5))).isTrue();
    assertThat(receiver.received.stream().filter(r -> r[0].equals("/odd"))).hasSize(6);
    StripeCollection<Event> missed =
        c.v1()
            .events()
            .list(
                EventListParams.builder()
                    .setDeliverySuccess(false)
                    .setCreated(
                        EventListParams.Created.builder()
                            .setGte(Instant.now().minusSeconds(60).getEpochSecond())
                            .build())
                    .build());
    assertThat(missed.getData())
        .extracting(Event::getId)
        .containsExactly((String) events.get(0).get("id"));

    endpoint(c, "/flaky");
    receiver.failuresLeft.set(1);
    Session d = c.v1().checkout().sessions().create(payment(100));
    sim.expire(d.getId(), Delivery.normal());
    List<String[]> flaky = deliveredTo("/flaky", 2);
    assertThat(flaky).hasSize(2);
    assertThat(flaky.get(0)[2]).isEqualTo(flaky.get(1)[2]);
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(5))).isTrue();
    assertThat(sim.attempts().stream().filter(t -> t.url().endsWith("/flaky")))
        .extracting(StripeSimulator.Attempt::status)
        .containsExactly(500, 200);
  }

  @Test
  void aRolledSecretSignsWithBothSecrets() throws Exception {
    String key = key();
    String endpointId = sim.addEndpoint(key, hook("/rolled"), "whsec_oldsecret", false);
    String fresh = sim.rollSecret(endpointId);
    Session s = client(key).v1().checkout().sessions().create(payment(100));
    sim.expire(s.getId(), Delivery.normal());
    String[] r = deliveredTo("/rolled", 1).get(0);
    assertThat(r[1].split(",v1=")).hasSize(3);
    Webhook.constructEvent(r[2], r[1], "whsec_oldsecret", 300);
    Webhook.constructEvent(r[2], r[1], fresh, 300);
  }

  @Test
  void refundsArePartialOrFullAndNeverMoreThanWasPaid() throws Exception {
    StripeClient c = client(key());
    Session s = c.v1().checkout().sessions().create(payment(1000));
    sim.pay(s.getId(), Delivery.none());
    String pi = c.v1().checkout().sessions().retrieve(s.getId()).getPaymentIntent();
    Refund part =
        c.v1()
            .refunds()
            .create(RefundCreateParams.builder().setPaymentIntent(pi).setAmount(500L).build());
    assertThat(part.getAmount()).isEqualTo(500);
    assertThatThrownBy(
            () ->
                c.v1()
                    .refunds()
                    .create(
                        RefundCreateParams.builder().setPaymentIntent(pi).setAmount(2000L).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("greater than unrefunded");
    Refund rest =
        c.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi).build());
    assertThat(rest.getAmount()).isEqualTo(1500);
    var charge = c.v1().charges().retrieve(rest.getCharge());
    assertThat(charge.getRefunded()).isTrue();
    assertThat(charge.getAmountRefunded()).isEqualTo(2000);
  }

  @Test
  void subscriptionCheckoutsMakeASubscriptionThatCanBeCanceled() throws Exception {
    String key = key();
    StripeClient c = client(key);
    String price = sim.createPrice(key, 4900, "usd", "month");
    Session s =
        c.v1()
            .checkout()
            .sessions()
            .create(
                SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setSuccessUrl("http://localhost/ok")
                    .addLineItem(
                        SessionCreateParams.LineItem.builder()
                            .setPrice(price)
                            .setQuantity(1L)
                            .build())
                    .build());
    sim.pay(s.getId(), Delivery.none());
    Session paid = c.v1().checkout().sessions().retrieve(s.getId());
    assertThat(paid.getCustomer()).startsWith("cus_");
    Subscription sub = c.v1().subscriptions().retrieve(paid.getSubscription());
    assertThat(sub.getStatus()).isEqualTo("active");
    assertThat(sub.getItems().getData().get(0).getPrice().getId()).isEqualTo(price);
    assertThat(c.v1().subscriptions().cancel(sub.getId()).getStatus()).isEqualTo("canceled");
    assertThat(sim.events(key))
        .extracting(e -> e.get("type"))
        .containsSubsequence(
            "customer.created",
            "customer.subscription.created",
            "invoice.paid",
            "customer.subscription.updated",
            "checkout.session.completed",
            "customer.subscription.deleted");
  }

  @Test
  void theHostedPagePaysAndRedirectsToTheSuccessUrl() throws Exception {
    StripeClient c = client(key());
    Session s = c.v1().checkout().sessions().create(payment(1234));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(s.getUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("USD 24.68").contains("Deposit").contains("<form");
    HttpResponse<String> paid =
        http.send(
            HttpRequest.newBuilder(URI.create(s.getUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString("action=pay&email=a%40b.example&name=Ann"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(paid.statusCode()).isEqualTo(303);
    assertThat(paid.headers().firstValue("Location"))
        .contains("http://localhost/ok?session_id=" + s.getId());
    Session after = c.v1().checkout().sessions().retrieve(s.getId());
    assertThat(after.getPaymentStatus()).isEqualTo("paid");
    assertThat(after.getCustomerDetails().getName()).isEqualTo("Ann");
    HttpResponse<String> again =
        http.send(
            HttpRequest.newBuilder(URI.create(s.getUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.body()).contains("complete");
  }

  @Test
  void aDelayedPaymentSettlesLater() throws Exception {
    String key = key();
    StripeClient c = client(key);
    Session s = c.v1().checkout().sessions().create(payment(300));
    sim.payLater(s.getId(), Delivery.none());
    assertThat(c.v1().checkout().sessions().retrieve(s.getId()).getPaymentStatus())
        .isEqualTo("unpaid");
    List<Map<String, Object>> failed = sim.settle(s.getId(), false, Delivery.none());
    assertThat(failed)
        .extracting(e -> e.get("type"))
        .containsExactly("payment_intent.payment_failed", "checkout.session.async_payment_failed");
    Session t = c.v1().checkout().sessions().create(payment(300));
    sim.payLater(t.getId(), Delivery.none());
    assertThat(sim.settle(t.getId(), true, Delivery.none()))
        .extracting(e -> e.get("type"))
        .endsWith("checkout.session.async_payment_succeeded");
    assertThat(c.v1().checkout().sessions().retrieve(t.getId()).getPaymentStatus())
        .isEqualTo("paid");
  }

  @Test
  void oddParametersGetStripeErrorsNotDroppedConnections() throws Exception {
    String key = key();
    StripeClient c = client(key);
    // numeric metadata keys stay a map
    Session s =
        c.v1()
            .checkout()
            .sessions()
            .create(
                SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .setSuccessUrl("http://localhost/ok")
                    .putMetadata("1", "one")
                    .addLineItem(
                        SessionCreateParams.LineItem.builder()
                            .setQuantity(1L)
                            .setPriceData(
                                SessionCreateParams.LineItem.PriceData.builder()
                                    .setCurrency("usd")
                                    .setUnitAmount(100L)
                                    .setProductData(
                                        SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                            .setName("x")
                                            .build())
                                    .build())
                            .build())
                    .build());
    assertThat(s.getMetadata()).containsEntry("1", "one");
    // a currency that is not one is refused, so it never reaches the hosted page's HTML
    HttpResponse<String> bad =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/checkout/sessions"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "mode=payment&success_url=http%3A%2F%2Fx.example%2F"
                                + "&line_items[0][price_data][currency]=%3Cimg%3E"
                                + "&line_items[0][price_data][unit_amount]=1"
                                + "&line_items[0][price_data][product_data][name]=x"
                                + "&payment_intent_data=%25zz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"type\":\"invalid_request_error\"");
    // a refused request is not remembered: the corrected one runs under the same key
    RequestOptions idem = RequestOptions.builder().setIdempotencyKey("fix-" + key).build();
    SessionCreateParams noLines =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("http://localhost/ok")
            .build();
    assertThatThrownBy(() -> c.v1().checkout().sessions().create(noLines, idem))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(c.v1().checkout().sessions().create(payment(100), idem).getId()).startsWith("cs_");
    assertThatThrownBy(() -> c.v1().checkout().sessions().create(payment(101), idem))
        .isInstanceOf(IdempotencyException.class);
    // a dropped connection is still in the request log
    sim.fail(key, 0);
    try {
      assertThatThrownBy(
              () ->
                  StripeClient.builder()
                      .setApiKey(key)
                      .setApiBase(sim.baseUrl())
                      .setMaxNetworkRetries(0)
                      .build()
                      .v1()
                      .customers()
                      .list())
          .isInstanceOf(com.stripe.exception.ApiConnectionException.class);
    } finally {
      sim.heal(key);
    }
    assertThat(sim.requests())
        .anyMatch(r -> StripeSimulator.accountOf(key).equals(r.account()) && r.status() == 0);
  }

  @Test
  void aFullyRefundedChargeSaysSo() throws Exception {
    StripeClient c = client(key());
    Session s = c.v1().checkout().sessions().create(payment(100));
    sim.pay(s.getId(), Delivery.none());
    String pi = c.v1().checkout().sessions().retrieve(s.getId()).getPaymentIntent();
    c.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi).build());
    assertThatThrownBy(
            () ->
                c.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("charge_already_refunded"));
  }
}
