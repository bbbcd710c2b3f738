package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import dev.plinth.testkit.stripe.StripeSimulator;
import dev.plinth.testkit.stripe.WebhookSigner;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Stripe Connect with the tenant as the platform: accounts connected to the tenant's own Stripe
 * account are bound only when Stripe shows them to be the tenant's (an admin's bind read back
 * through Stripe, or the tenant's onboarding coming back with charges enabled); their events come
 * through the tenant's Connect endpoint and route by account; checkouts take direct or destination
 * charges on them, checked at the simulator.
 */
class ConnectedAccountsIT extends ProbePaymentsBase {

  static final HttpClient BROWSER =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** A probe tenant with its ordinary and its Connect webhook endpoints registered. */
  TestTenant platformTenant() {
    TestTenant t = stripeTenant("probe");
    created(
        client.post(
            "api/tenants/" + t.slug() + "/stripe/connect-webhook-endpoint", t.apiKey(), null));
    return t;
  }

  /**
   * A second probe tenant whose Stripe key is {@code first}'s: the same platform account, so each
   * could read the other's connected accounts through Stripe.
   */
  TestTenant onSamePlatform(TestTenant first) {
    TestTenant second = client.onboard(ADMIN, "probe");
    ok(
        client.put(
            "api/tenants/" + second.slug() + "/stripe",
            ADMIN,
            json("mode", "direct", "secretKey", keyOf(first))));
    return second;
  }

  /** {@link #onSamePlatform}, with its own Connect endpoint registered too. */
  TestTenant listeningOnSamePlatform(TestTenant first) {
    TestTenant second = onSamePlatform(first);
    created(
        client.post(
            "api/tenants/" + second.slug() + "/stripe/connect-webhook-endpoint",
            second.apiKey(),
            null));
    return second;
  }

  static String keyOf(TestTenant t) {
    return PlinthClient.keyOf(t.slug());
  }

  Reply bind(TestTenant t, String accountId, String token) {
    return client.post(
        "api/admin/tenants/" + t.slug() + "/connected-accounts",
        token,
        json("accountId", accountId));
  }

  List<JsonObject> accounts(TestTenant t) {
    return ok(client.get("api/tenants/" + t.slug() + "/connected-accounts", t.apiKey()))
        .getJsonArray("connectedAccounts")
        .stream()
        .map(JsonValue::asJsonObject)
        .toList();
  }

  JsonObject account(TestTenant t, String accountId) {
    return accounts(t).stream()
        .filter(a -> a.getString("accountId").equals(accountId))
        .findFirst()
        .orElse(null);
  }

  Reply connectedCheckout(
      TestTenant t, String reference, long amount, String account, String type, Long fee) {
    return client.post(
        "api/t/" + t.slug() + "/probe/checkout",
        null,
        json(
            "reference",
            reference,
            "email",
            "client@example.com",
            "amount",
            amount,
            "connectedAccountId",
            account,
            "chargeType",
            type,
            "applicationFeeAmount",
            fee));
  }

  static HttpResponse<String> browse(String url) throws Exception {
    return BROWSER.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> submit(String url, String form) throws Exception {
    return BROWSER.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAdminBindsOnlyAnAccountStripeShowsConnectedToTheTenant() {
    TestTenant t = platformTenant();
    String account = sim.connectAccount(keyOf(t), true);

    // the tenant cannot bind by naming the id, on the admin path or its own
    assertError(bind(t, account, t.apiKey()), 401, "unauthorized", null);
    assertThat(
            client
                .post(
                    "api/tenants/" + t.slug() + "/connected-accounts",
                    t.apiKey(),
                    json("accountId", account))
                .status())
        .isIn(404, 405);
    assertThat(accounts(t)).isEmpty();

    // an id Stripe does not know, or another platform's account, is refused after asking Stripe
    assertError(
        bind(t, "acct_1Unknown" + UUID.randomUUID().toString().substring(0, 8), ADMIN),
        404,
        "not_found",
        null);
    TestTenant other = platformTenant();
    String othersAccount = sim.connectAccount(keyOf(other), true);
    assertError(bind(t, othersAccount, ADMIN), 404, "not_found", null);
    assertError(bind(t, "not-an-account", ADMIN), 400, "invalid_request", "accountId");
    long lookups =
        sim.count(
            r ->
                r.method().equals("GET")
                    && r.path().equals("/v1/accounts/" + othersAccount)
                    && r.account().equals(StripeSimulator.accountOf(keyOf(t))));
    assertThat(lookups).as("the bind asked Stripe with the tenant's own key").isEqualTo(1);

    JsonObject bound = created(bind(t, account, ADMIN));
    assertThat(bound.getString("accountId")).isEqualTo(account);
    assertThat(bound.getString("status")).isEqualTo("bound");
    assertThat(bound.getString("boundBy")).isEqualTo("admin");
    assertThat(bound.getBoolean("chargesEnabled")).isTrue();
    assertThat(bound.getString("boundAt")).isNotBlank();
    assertThat(account(t, account)).isNotNull();
    assertThat(
            ok(client.get("api/admin/tenants/" + t.slug() + "/connected-accounts", ADMIN))
                .getJsonArray("connectedAccounts"))
        .hasSize(1);
    // the other tenant sees none of it
    assertThat(accounts(other)).isEmpty();
    // binding again is harmless
    created(bind(t, account, ADMIN));
    assertThat(accounts(t)).hasSize(1);

    // unbound, the account takes no checkout
    assertThat(
            client
                .send(
                    "DELETE",
                    "api/admin/tenants/" + t.slug() + "/connected-accounts/" + account,
                    ADMIN,
                    null,
                    null)
                .status())
        .isEqualTo(204);
    JsonObject unbound = account(t, account);
    assertThat(unbound.getString("status")).isEqualTo("unbound");
    assertThat(unbound.getString("unboundAt")).isNotBlank();
    assertError(
        connectedCheckout(t, "after-unbind", 1000, account, "direct", null),
        400,
        "invalid_request",
        "connectedAccountId");
  }

  Reply unbind(TestTenant t, String accountId) {
    return client.send(
        "DELETE",
        "api/admin/tenants/" + t.slug() + "/connected-accounts/" + accountId,
        ADMIN,
        null,
        null);
  }

  @Test
  void anUnboundAccountsEarlierPaymentsStillReachTheTenantAndNoOtherTenantTakesIt()
      throws Exception {
    TestTenant t = platformTenant();
    TestTenant second = onSamePlatform(t);
    String account = sim.connectAccount(keyOf(t), true);
    created(bind(t, account, ADMIN));
    String reference = "before-unbind-" + UUID.randomUUID();
    sim.pay(
        created(connectedCheckout(t, reference, 4000, account, "direct", 400L))
            .getString("sessionId"),
        Delivery.normal());
    String pi = facts(await(t, "CheckoutPaid")).getString("paymentIntentId");

    assertThat(unbind(t, account).status()).isEqualTo(204);
    assertThat(unbind(t, account).status()).as("unbinding again").isEqualTo(204);
    assertThat(
            Db.ownerQuery(
                "SELECT status FROM core.connected_accounts WHERE account_id = ?", account))
        .isEqualTo("unbound");
    // no new checkout on it, and no other tenant binds it while the row is kept
    assertError(
        connectedCheckout(t, "after-unbind", 1000, account, "direct", null),
        400,
        "invalid_request",
        "connectedAccountId");
    assertError(bind(second, account, ADMIN), 409, "account_already_bound", null);
    // both unbinds are in the admin audit
    assertThat(
            Db.ownerQuery(
                "SELECT count(*) FROM core.admin_audit WHERE action LIKE 'DELETE %connected-accounts%'"
                    + " AND target->>'accountId' = ?",
                account))
        .isEqualTo("2");

    // the earlier payment's refund, made on the account, comes back through the Connect endpoint
    // and still reaches the tenant
    ok(
        client.post(
            "api/t/" + t.slug() + "/probe/refunds",
            t.apiKey(),
            json("paymentIntentId", pi, "reference", "refund-" + reference)));
    JsonObject refunded = await(t, "PaymentRefunded");
    assertThat(facts(refunded).getString("reference")).isEqualTo(reference);
    assertThat(facts(refunded).getString("account")).isEqualTo(account);
  }

  @Test
  void aBoundAccountsChargesEnabledFollowsStripesAccountUpdatedEvents() {
    TestTenant t = platformTenant();
    String account = sim.connectAccount(keyOf(t), false);
    JsonObject bound = created(bind(t, account, ADMIN));
    assertThat(bound.getBoolean("chargesEnabled")).isFalse();
    // the account's owner finishes Stripe's onboarding: account.updated, through the Connect
    // endpoint, as the tenant's event
    sim.completeOnboarding(account);
    Poll.until(
        () -> account(t, account),
        a -> a.getBoolean("chargesEnabled"),
        "charges enabled on the bound account");
    assertThat(account(t, account).getString("status")).isEqualTo("bound");
  }

  @Test
  void anAccountBoundToAnotherTenantIsRefusedWith409EvenWhenBothRaceForIt() throws Exception {
    // two tenants on one Stripe platform account: each could read the other's accounts
    TestTenant first = platformTenant();
    TestTenant second = onSamePlatform(first);
    String account = sim.connectAccount(keyOf(first), true);
    created(bind(first, account, ADMIN));
    assertError(bind(second, account, ADMIN), 409, "account_already_bound", null);
    assertThat(accounts(second)).isEmpty();
    assertThat(account(first, account)).isNotNull();

    // an account that is a tenant's own Stripe account (a tenant in Connect mode) is not bindable
    String owned = sim.connectAccount(keyOf(first), true);
    client.onboardConnected(ADMIN, "probe", owned);
    assertError(bind(first, owned, ADMIN), 409, "account_already_bound", null);
    assertThat(account(first, owned)).isNull();

    String raced = sim.connectAccount(keyOf(first), true);
    CompletableFuture<Reply> a = CompletableFuture.supplyAsync(() -> bind(first, raced, ADMIN));
    CompletableFuture<Reply> b = CompletableFuture.supplyAsync(() -> bind(second, raced, ADMIN));
    List<Integer> statuses = List.of(a.get().status(), b.get().status());
    assertThat(statuses).containsExactlyInAnyOrder(201, 409);
    assertThat(
            Db.ownerQuery(
                "SELECT count(*) FROM core.connected_accounts WHERE account_id = ?", raced))
        .isEqualTo("1");
  }

  @Test
  void theOnboardingLinkBindsTheAccountOnlyOnceStripeEnablesCharges() throws Exception {
    TestTenant t = platformTenant();
    JsonObject link =
        created(
            client.post("api/tenants/" + t.slug() + "/connected-accounts/links", t.apiKey(), null));
    String account = link.getString("accountId");
    assertThat(account).startsWith("acct_");
    assertThat(link.getString("url")).startsWith(sim.baseUrl() + "/connect/onboarding/");
    assertThat(account(t, account).getString("status")).isEqualTo("pending");
    // a pending account takes no checkout
    assertError(
        connectedCheckout(t, "pending", 1000, account, "direct", null),
        400,
        "invalid_request",
        "connectedAccountId");

    // the professional leaves without finishing: Plinth's page says so, and binds nothing
    HttpResponse<String> left = submit(link.getString("url"), "action=leave");
    assertThat(left.statusCode()).isEqualTo(303);
    String returnUrl = left.headers().firstValue("Location").orElseThrow();
    assertThat(returnUrl).contains("/api/tenants/" + t.slug() + "/connected-accounts/onboarding/");
    HttpResponse<String> incomplete = browse(returnUrl);
    assertThat(incomplete.statusCode()).isEqualTo(200);
    assertThat(incomplete.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(incomplete.body()).contains("Onboarding is not complete").contains(account);
    assertThat(account(t, account).getString("status")).isEqualTo("pending");

    // the used link sends the browser to Plinth's refresh page, which issues a fresh link
    HttpResponse<String> used = browse(link.getString("url"));
    assertThat(used.statusCode()).isEqualTo(303);
    String refreshUrl = used.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> refreshed = browse(refreshUrl);
    assertThat(refreshed.statusCode()).isEqualTo(303);
    String fresh = refreshed.headers().firstValue("Location").orElseThrow();
    assertThat(fresh)
        .startsWith(sim.baseUrl() + "/connect/onboarding/")
        .isNotEqualTo(link.getString("url"));
    // a refresh URL works once: a second visit (a leaked link) mints no further onboarding link
    long links = sim.count(r -> r.method().equals("POST") && r.path().equals("/v1/account_links"));
    HttpResponse<String> again = browse(refreshUrl);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("not valid");
    assertThat(sim.count(r -> r.method().equals("POST") && r.path().equals("/v1/account_links")))
        .isEqualTo(links);

    // the return's state belongs to this tenant: at another tenant's path it binds nothing
    TestTenant other = platformTenant();
    HttpResponse<String> elsewhere =
        browse(returnUrl.replace("/tenants/" + t.slug() + "/", "/tenants/" + other.slug() + "/"));
    assertThat(elsewhere.statusCode()).isEqualTo(400);
    assertThat(elsewhere.body()).contains("not valid");
    HttpResponse<String> forged = browse(returnUrl.replaceAll("state=[^&]+", "state=forged"));
    assertThat(forged.statusCode()).isEqualTo(400);
    // the state lives a day: past it, the return binds nothing
    client.post("api/admin/clock/advance?seconds=" + (24 * 3600 + 60), ADMIN, null);
    try {
      assertThat(browse(returnUrl).statusCode()).isEqualTo(400);
    } finally {
      client.post("api/admin/clock/reset", ADMIN, null);
    }

    // finished: Stripe enables charges, and the return binds the account
    assertThat(browse(fresh).statusCode()).isEqualTo(200);
    HttpResponse<String> done = submit(fresh, "action=complete");
    assertThat(done.statusCode()).isEqualTo(303);
    HttpResponse<String> connected = browse(done.headers().firstValue("Location").orElseThrow());
    assertThat(connected.statusCode()).isEqualTo(200);
    assertThat(connected.body()).contains("Account connected").contains(account);
    JsonObject bound = account(t, account);
    assertThat(bound.getString("status")).isEqualTo("bound");
    assertThat(bound.getString("boundBy")).isEqualTo("onboarding");
    assertThat(bound.getBoolean("chargesEnabled")).isTrue();
    assertThat(accounts(other)).isEmpty();
  }

  @Test
  void directAndDestinationChargesAreMadeOnTheRightAccountAndRefundedThere() throws Exception {
    TestTenant t = platformTenant();
    String account = sim.connectAccount(keyOf(t), true);
    created(bind(t, account, ADMIN));

    // direct: the session lives on the connected account, with the tenant's fee
    String directRef = "direct-" + UUID.randomUUID();
    JsonObject direct = created(connectedCheckout(t, directRef, 5000, account, "direct", 500L));
    String directSession = direct.getString("sessionId");
    assertThat(sim.holderOf(directSession)).contains(account);
    assertThat(
            sim.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/checkout/sessions"))
                .filter(r -> account.equals(r.stripeAccount()))
                .count())
        .isEqualTo(1);
    sim.pay(directSession, Delivery.normal());
    JsonObject paid = facts(await(t, "CheckoutPaid"));
    assertThat(paid.getString("reference")).isEqualTo(directRef);
    assertThat(paid.getString("account")).isEqualTo(account);
    String directPi = paid.getString("paymentIntentId");
    Map<String, Object> pi = sim.object(directPi).orElseThrow();
    assertThat(sim.holderOf(directPi)).contains(account);
    assertThat(pi.get("application_fee_amount")).isEqualTo(500L);
    assertThat(pi.get("transfer_data")).isNull();
    assertThat(sim.object((String) pi.get("latest_charge")).orElseThrow())
        .containsEntry("application_fee_amount", 500L);

    // the refund of a direct charge goes to the connected account that holds it
    Reply refund =
        client.post(
            "api/t/" + t.slug() + "/probe/refunds",
            t.apiKey(),
            json("paymentIntentId", directPi, "reference", "refund-" + directRef));
    JsonObject refunded = ok(refund);
    assertThat(sim.holderOf(refunded.getString("refundId"))).contains(account);
    JsonObject refundEvent = await(t, "PaymentRefunded");
    assertThat(refundEvent.getBoolean("full")).isTrue();
    assertThat(facts(refundEvent).getString("reference")).isEqualTo(directRef);
    assertThat(
            Db.ownerQuery(
                "SELECT stripe_account FROM core.payments WHERE payment_intent_id = ?", directPi))
        .isEqualTo(account);
    // a direct charge's refund reverses no transfer (there is none)
    assertThat(sim.object(refunded.getString("refundId")).orElseThrow())
        .containsEntry("reverse_transfer", false);

    // destination: the session lives on the tenant's own account and transfers to the account
    String destinationRef = "destination-" + UUID.randomUUID();
    String destinationSession =
        created(connectedCheckout(t, destinationRef, 8000, account, "destination", 800L))
            .getString("sessionId");
    assertThat(sim.holderOf(destinationSession)).contains(StripeSimulator.accountOf(keyOf(t)));
    sim.pay(destinationSession, Delivery.normal());
    JsonObject destinationPaid =
        Poll.until(
            () ->
                received(t).stream()
                    .filter(e -> e.getString("kind").equals("CheckoutPaid"))
                    .map(e -> facts(e.getJsonObject("event")))
                    .filter(f -> f.getString("reference").equals(destinationRef))
                    .findFirst()
                    .orElse(null),
            f -> true,
            "the destination charge's payment");
    assertThat(destinationPaid.isNull("account")).isTrue();
    Map<String, Object> destinationPi =
        sim.object(destinationPaid.getString("paymentIntentId")).orElseThrow();
    assertThat(destinationPi.get("application_fee_amount")).isEqualTo(800L);
    @SuppressWarnings("unchecked")
    Map<String, Object> transfer = (Map<String, Object>) destinationPi.get("transfer_data");
    assertThat(transfer).containsEntry("destination", account);
    // its refund, on the tenant's own account, takes back the transfer and the fee with it
    JsonObject destinationRefund =
        ok(
            client.post(
                "api/t/" + t.slug() + "/probe/refunds",
                t.apiKey(),
                json(
                    "paymentIntentId",
                    destinationPaid.getString("paymentIntentId"),
                    "reference",
                    "refund-" + destinationRef)));
    assertThat(sim.holderOf(destinationRefund.getString("refundId")))
        .contains(StripeSimulator.accountOf(keyOf(t)));
    assertThat(sim.object(destinationRefund.getString("refundId")).orElseThrow())
        .containsEntry("reverse_transfer", true)
        .containsEntry("refund_application_fee", true);

    // a fee above the total is the vertical's mistake, refused before Stripe is asked
    assertError(
        connectedCheckout(t, "too-much", 1000, account, "destination", 1001L),
        400,
        "invalid_request",
        "applicationFeeAmount");
  }

  @Test
  void aDirectChargeIsExpiredAndReconciledOnItsAccount() throws Exception {
    TestTenant t = platformTenant();
    String account = sim.connectAccount(keyOf(t), true);
    created(bind(t, account, ADMIN));

    // expiring a direct charge's session goes to the account that holds it
    String expiring =
        created(connectedCheckout(t, "expire-" + UUID.randomUUID(), 900, account, "direct", null))
            .getString("sessionId");
    assertThat(
            client
                .post(
                    "api/t/" + t.slug() + "/probe/checkout/" + expiring + "/expire",
                    t.apiKey(),
                    null)
                .status())
        .isEqualTo(204);
    assertThat(sim.object(expiring).orElseThrow()).containsEntry("status", "expired");

    // a payment whose events were never delivered is found by reconciling the account's events
    String reference = "missed-" + UUID.randomUUID();
    String sessionId =
        created(connectedCheckout(t, reference, 2500, account, "direct", 100L))
            .getString("sessionId");
    // and the host lost its record of the session: the Connect event records it on its account
    assertThat(
            Db.ownerUpdate(
                "DELETE FROM core.checkout_sessions WHERE stripe_session_id = ?", sessionId))
        .isEqualTo(1);
    List<Map<String, Object>> missed = sim.pay(sessionId, Delivery.none());
    JsonObject reconciled =
        ok(client.post("api/admin/tenants/" + t.slug() + "/reconcile?days=1", ADMIN, null));
    assertThat(reconciled.getInt("enqueued")).isGreaterThanOrEqualTo(missed.size());
    assertThat(
            sim.count(
                r ->
                    r.method().equals("GET")
                        && r.path().equals("/v1/events")
                        && account.equals(r.stripeAccount())))
        .isPositive();
    awaitProcessed(t, missed);
    JsonObject paid = facts(await(t, "CheckoutPaid"));
    assertThat(paid.getString("reference")).isEqualTo(reference);
    assertThat(paid.getString("account")).isEqualTo(account);
    assertThat(
            Db.ownerQuery(
                "SELECT connected_account || ' ' || charge_type FROM core.checkout_sessions"
                    + " WHERE stripe_session_id = ?",
                sessionId))
        .isEqualTo(account + " direct");
  }

  @Test
  void connectEventsRouteByAccountAndAnUnboundAccountsStayUnroutable() throws Exception {
    // two tenants on one platform account: both Connect endpoints get every connected account's
    // event, and each takes only those of its own accounts
    TestTenant first = platformTenant();
    TestTenant second = listeningOnSamePlatform(first);
    String firsts = sim.connectAccount(keyOf(first), true);
    String seconds = sim.connectAccount(keyOf(first), true);
    created(bind(first, firsts, ADMIN));
    created(bind(second, seconds, ADMIN));

    String ref1 = "first-" + UUID.randomUUID();
    sim.pay(
        created(connectedCheckout(first, ref1, 1200, firsts, "direct", null))
            .getString("sessionId"),
        Delivery.normal());
    String ref2 = "second-" + UUID.randomUUID();
    sim.pay(
        created(connectedCheckout(second, ref2, 1300, seconds, "direct", null))
            .getString("sessionId"),
        Delivery.normal());
    assertThat(facts(await(first, "CheckoutPaid")).getString("reference")).isEqualTo(ref1);
    assertThat(facts(await(second, "CheckoutPaid")).getString("reference")).isEqualTo(ref2);
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(30))).isTrue();
    assertThat(received(first)).extracting(e -> e.getString("reference")).doesNotContain(ref2);
    assertThat(received(second)).extracting(e -> e.getString("reference")).doesNotContain(ref1);

    // an account connected to the platform but bound to no tenant: its events are unroutable
    String unbound = sim.connectAccount(keyOf(first), false);
    String eventId = (String) sim.completeOnboarding(unbound).get(0).get("id");
    Poll.until(
        () -> client.get("api/admin/webhooks/unroutable", ADMIN).body(),
        body -> body.contains(eventId),
        "the unbound account's event among the unroutable");
    assertThat(
            Db.ownerQuery("SELECT count(*) FROM core.webhook_events WHERE event_id = ?", eventId))
        .isEqualTo("0");
    assertThat(
            Db.ownerQuery("SELECT account FROM core.unroutable_events WHERE event_id = ?", eventId))
        .isEqualTo(unbound);
  }

  @Test
  void anOrdinaryEndpointsDeliveryCannotNameAConnectedAccount() throws Exception {
    TestTenant t = platformTenant();
    // another tenant's bound account, named in an event on t's ordinary endpoint, whose secret
    // t controls
    TestTenant other = platformTenant();
    String othersAccount = sim.connectAccount(keyOf(other), true);
    created(bind(other, othersAccount, ADMIN));
    String id = WebhookIntakeIT.newEventId();
    String pi = "pi_forged" + id.substring(4, 20);
    String payload =
        "{\"id\":\""
            + id
            + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"created\":"
            + WebhookIntakeIT.now()
            + ",\"account\":\""
            + othersAccount
            + "\",\"data\":{\"object\":{\"id\":\""
            + pi
            + "\",\"object\":\"payment_intent\",\"amount\":1000,\"currency\":\"eur\","
            + "\"status\":\"succeeded\"}},\"livemode\":false,\"pending_webhooks\":1,"
            + "\"request\":{\"id\":null,\"idempotency_key\":null},"
            + "\"type\":\"payment_intent.succeeded\"}";
    ok(
        WebhookIntakeIT.deliver(
            base,
            "api/webhooks/stripe/" + t.slug(),
            payload,
            WebhookSigner.header(payload, WebhookIntakeIT.now(), WebhookIntakeIT.secretOf(t))));
    Poll.until(
        () -> {
          try {
            return Db.ownerQuery(
                "SELECT status FROM core.payments WHERE payment_intent_id = ?", pi);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        "succeeded"::equals,
        "the forged event's payment recorded");
    assertThat(
            Db.ownerQuery(
                "SELECT coalesce(stripe_account, 'none') FROM core.payments"
                    + " WHERE payment_intent_id = ?",
                pi))
        .as("the ordinary endpoint's account is not trusted")
        .isEqualTo("none");
  }

  @Test
  void aDirectChargeWithTheTenantsCustomerOrPriceIsRefusedBeforeStripeIsAsked() {
    TestTenant t = platformTenant();
    String account = sim.connectAccount(keyOf(t), true);
    created(bind(t, account, ADMIN));
    long sessions =
        sim.count(r -> r.method().equals("POST") && r.path().equals("/v1/checkout/sessions"));
    for (String[] own :
        List.of(
            new String[] {"customerId", "cus_Tenants0wn", "customerId"},
            new String[] {"priceId", "price_Tenants0wn", "lines[0].priceId"})) {
      Reply refused =
          client.post(
              "api/t/" + t.slug() + "/probe/checkout",
              null,
              json(
                  "reference",
                  "direct-" + own[0],
                  "email",
                  "client@example.com",
                  "amount",
                  1000,
                  own[0],
                  own[1],
                  "connectedAccountId",
                  account,
                  "chargeType",
                  "direct"));
      assertError(refused, 400, "invalid_request", own[2]);
    }
    assertThat(
            sim.count(r -> r.method().equals("POST") && r.path().equals("/v1/checkout/sessions")))
        .isEqualTo(sessions);
  }

  @Test
  void theConnectIntakeChecksItsOwnSecret() {
    TestTenant t = platformTenant();
    String payload = WebhookIntakeIT.event(WebhookIntakeIT.newEventId(), "acct_1Whatever00");
    // the tenant's ordinary endpoint secret does not sign its Connect endpoint's deliveries
    assertError(
        WebhookIntakeIT.deliver(
            base,
            "api/webhooks/stripe/" + t.slug() + "/connect",
            payload,
            WebhookSigner.header(payload, WebhookIntakeIT.now(), WebhookIntakeIT.secretOf(t))),
        400,
        "invalid_signature",
        null);
    assertError(
        WebhookIntakeIT.deliver(
            base, "api/webhooks/stripe/no-such-tenant/connect", payload, "t=1,v1=00"),
        404,
        "not_found",
        null);
  }

  /** Starts an onboarding for the tenant; the answer's {@code accountId} and {@code url}. */
  JsonObject onboardingLink(TestTenant t) {
    return created(
        client.post("api/tenants/" + t.slug() + "/connected-accounts/links", t.apiKey(), null));
  }

  /** How many times the event was kept as unroutable (once per endpoint it came through). */
  static String unroutable(String eventId) throws Exception {
    return Db.ownerQuery("SELECT count(*) FROM core.unroutable_events WHERE event_id = ?", eventId);
  }

  long stripeCalls(String path) {
    return sim.count(r -> r.method().equals("POST") && r.path().equals(path));
  }

  @Test
  void aPendingAccountIsBoundWhenStripeEnablesItsChargesEvenIfTheBrowserNeverReturns()
      throws Exception {
    TestTenant t = platformTenant();
    String account = onboardingLink(t).getString("accountId");
    assertThat(account(t, account).getString("status")).isEqualTo("pending");
    // an account.updated on the tenant's ordinary endpoint (whose secret the tenant controls)
    // names the account in vain: its account is not trusted, and nothing is bound
    Map<String, Object> forged =
        PaymentEventsIT.event(
            "account.updated", Map.of("id", account, "object", "account", "charges_enabled", true));
    forged.put("account", account);
    deliverByHand(t, forged);
    awaitEvent(
        t,
        (String) forged.get("id"),
        e -> List.of("completed", "skipped").contains(e.getString("status")));
    assertThat(account(t, account).getString("status")).isEqualTo("pending");

    // the professional finishes at Stripe and closes the tab: Stripe's account.updated, through
    // the tenant's Connect endpoint, binds the account
    sim.completeOnboarding(account);
    JsonObject bound =
        Poll.until(
            () -> account(t, account),
            a -> a.getString("status").equals("bound"),
            "the pending account bound by Stripe's event");
    assertThat(bound.getString("boundBy")).isEqualTo("onboarding");
    assertThat(bound.getBoolean("chargesEnabled")).isTrue();
    assertThat(bound.getString("boundAt")).isNotNull();
    // it takes checkouts at once
    created(connectedCheckout(t, "after-" + UUID.randomUUID(), 1000, account, "direct", null));

    // an account connected to the platform that the tenant never onboarded is not bound by its
    // event, however able to take charges: it stays unroutable, kept with the tenant's endpoint
    String stranger = sim.connectAccount(keyOf(t), false);
    String eventId = (String) sim.completeOnboarding(stranger).get(0).get("id");
    Poll.until(() -> unroutable(eventId), "1"::equals, "the stranger's event kept as unroutable");
    assertThat(account(t, stranger)).isNull();
  }

  @Test
  void aDeauthorizedAccountKeepsItsRowAndItsEventsButTakesNoNewCheckout() throws Exception {
    TestTenant t = platformTenant();
    String account = sim.connectAccount(keyOf(t), true);
    created(bind(t, account, ADMIN));
    String reference = "before-" + UUID.randomUUID();
    sim.pay(
        created(connectedCheckout(t, reference, 1500, account, "direct", null))
            .getString("sessionId"),
        Delivery.normal());
    assertThat(facts(await(t, "CheckoutPaid")).getString("reference")).isEqualTo(reference);

    // the professional disconnects the account from the tenant's platform, at Stripe
    String eventId = (String) sim.deauthorize(account).get(0).get("id");
    JsonObject left =
        Poll.until(
            () -> account(t, account),
            a -> a.getString("status").equals("deauthorized"),
            "the account marked deauthorized");
    assertThat(left.getString("deauthorizedAt")).isNotNull();
    assertThat(left.getBoolean("chargesEnabled")).isFalse();
    // its event was the tenant's (routed, not unroutable), as later events of its payments are
    assertThat(unroutable(eventId)).isEqualTo("0");
    // admins see it too, and the tenant's error log says what happened
    JsonObject forAdmin =
        ok(client.get("api/admin/tenants/" + t.slug() + "/connected-accounts", ADMIN))
            .getJsonArray("connectedAccounts")
            .getJsonObject(0);
    assertThat(forAdmin.getString("status")).isEqualTo("deauthorized");
    assertThat(
            ok(client.get("api/t/" + t.slug() + "/errors", t.apiKey()))
                .getJsonArray("errors")
                .stream()
                .map(e -> e.asJsonObject().getString("message"))
                .toList())
        .anySatisfy(m -> assertThat(m).contains(account).contains("deauthorized"));

    // no new checkout on it: a clear 409, before Stripe is asked
    long sessions = stripeCalls("/v1/checkout/sessions");
    assertError(
        connectedCheckout(t, "after-" + UUID.randomUUID(), 1000, account, "direct", null),
        409,
        "account_deauthorized",
        null);
    assertThat(stripeCalls("/v1/checkout/sessions")).isEqualTo(sessions);
    assertThat(account(t, account).getString("status")).isEqualTo("deauthorized");
  }

  @Test
  void anUnroutableEventKeepsTheEndpointItCameThroughAndGoesWithRetention() throws Exception {
    // two tenants on one platform: an account neither has reaches both Connect endpoints
    TestTenant first = platformTenant();
    TestTenant second = listeningOnSamePlatform(first);
    String stranger = sim.connectAccount(keyOf(first), false);
    String eventId = (String) sim.completeOnboarding(stranger).get(0).get("id");
    Poll.until(() -> unroutable(eventId), "2"::equals, "the event kept once per tenant endpoint");
    List<JsonObject> listed =
        ok(client.get("api/admin/webhooks/unroutable?limit=500", ADMIN))
            .getJsonArray("events")
            .stream()
            .map(JsonValue::asJsonObject)
            .filter(e -> e.getString("eventId").equals(eventId))
            .toList();
    assertThat(listed)
        .extracting(e -> e.getString("tenant"))
        .containsExactlyInAnyOrder(first.slug(), second.slug());
    assertThat(listed)
        .allSatisfy(e -> assertThat(e.getString("source")).isEqualTo("tenant_connect"));
    assertThat(listed).allSatisfy(e -> assertThat(e.getString("account")).isEqualTo(stranger));

    // kept for PLINTH_RETENTION_DAYS (7 in the tests), then gone like the other logs
    advanceClock(Duration.ofDays(6));
    ok(client.post("api/admin/retention/run", ADMIN, null));
    assertThat(unroutable(eventId)).isEqualTo("2");
    advanceClock(Duration.ofDays(2));
    JsonObject purged = ok(client.post("api/admin/retention/run", ADMIN, null));
    assertThat(purged.getInt("unroutableEvents")).isGreaterThanOrEqualTo(2);
    assertThat(unroutable(eventId)).isEqualTo("0");
  }

  @Test
  void onboardingLinksAreLimitedPerTenant() throws Exception {
    TestTenant t = platformTenant();
    TestTenant other = platformTenant();
    JsonObject first = onboardingLink(t);
    for (int i = 1; i < 10; i++) {
      onboardingLink(t);
    }
    // the eleventh in the hour is refused before Stripe makes another account
    long accounts = stripeCalls("/v1/accounts");
    Reply refused =
        client.post("api/tenants/" + t.slug() + "/connected-accounts/links", t.apiKey(), null);
    assertError(refused, 429, "rate_limited", null);
    assertThat(refused.header("Retry-After")).isPresent();
    assertThat(stripeCalls("/v1/accounts")).isEqualTo(accounts);
    // an admin asking for the tenant counts against the same limit
    assertError(
        client.post("api/tenants/" + t.slug() + "/connected-accounts/links", ADMIN, null),
        429,
        "rate_limited",
        null);
    // a refresh page is a link too: it says so in HTML, and its state stays usable
    String refreshUrl = refreshUrlOf(first.getString("url"));
    HttpResponse<String> wait = browse(refreshUrl);
    assertThat(wait.statusCode()).isEqualTo(429);
    assertThat(wait.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(wait.body()).contains("<h1>Please wait a moment</h1>");
    // another tenant is not held back
    onboardingLink(other);
    // an hour later, the tenant may again, and the same refresh URL works
    advanceClock(Duration.ofMinutes(61));
    onboardingLink(t);
    assertThat(browse(refreshUrl).statusCode()).isEqualTo(303);
  }

  /** The refresh URL that Stripe's onboarding link carries (the simulator's page links it). */
  String refreshUrlOf(String onboardingUrl) throws Exception {
    submit(onboardingUrl, "action=leave");
    HttpResponse<String> used = browse(onboardingUrl);
    assertThat(used.statusCode()).isEqualTo(303);
    return used.headers().firstValue("Location").orElseThrow();
  }

  @Test
  void theOnboardingPagesAnswerHtmlForAStateThatIsMissingMalformedOrExpired() throws Exception {
    TestTenant t = platformTenant();
    String base = this.base + "api/tenants/" + t.slug() + "/connected-accounts/onboarding/";
    for (String page : List.of("return", "refresh")) {
      for (String query : List.of("", "?state=", "?state=forged", "?state=a.b.c")) {
        HttpResponse<String> r = browse(base + page + query);
        assertThat(r.statusCode()).as(page + query).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
            .as(page + query)
            .startsWith("text/html");
        // the page itself, not its markup escaped into text
        assertThat(r.body()).as(page + query).contains("<h1>This link is not valid</h1>");
      }
    }
    // an unknown business: a page too
    HttpResponse<String> none =
        browse(this.base + "api/tenants/no-such-tenant/connected-accounts/onboarding/return");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
  }
}
