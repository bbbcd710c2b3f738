package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.param.checkout.SessionCreateParams;
import dev.plinth.testkit.Concurrently;
import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The analyses vertical against a real Plinth and the Stripe simulator: tiers and their prices,
 * users and their tokens, the exact monthly quota (under a race too), search, the subscription
 * lifecycle from Stripe's events, stale events, the three ways an event finds its user, and the
 * tenant's views.
 */
class AnalysesIT extends ItBase {

  static final String ID = "analyses";

  String path(TestTenant t, String p) {
    return api(t, ID, p);
  }

  JsonObject user(TestTenant t, String userRef) {
    return ok(client.get(path(t, "users/" + userRef), t.apiKey()));
  }

  JsonObject awaitUser(TestTenant t, String userRef, Predicate<JsonObject> p, String what) {
    return Poll.until(() -> user(t, userRef), p, what);
  }

  Reply analyse(TestTenant t, String token, String userRef, String address, Map<String, ?> data) {
    return client.post(
        path(t, "users/" + userRef + "/analyses"), token, json("address", address, "data", data));
  }

  /** A user on a paid tier: the checkout is paid at the simulator; answers the subscription. */
  String subscribe(TestTenant t, String userRef, String tier) {
    JsonObject started =
        created(
            client.post(
                path(t, "users/" + userRef + "/subscription/checkout"),
                t.apiKey(),
                json("tier", tier)));
    assertThat(started.getString("url")).startsWith(sim.baseUrl());
    String session = started.getString("sessionId");
    pay(t, session);
    awaitUser(t, userRef, u -> u.getString("tier").equals(tier), "on " + tier);
    return (String) sim.object(session).orElseThrow().get("subscription");
  }

  StripeClient stripe(TestTenant t) {
    return StripeClient.builder()
        .setApiKey(PlinthClient.keyOf(t.slug()))
        .setApiBase(sim.baseUrl())
        .build();
  }

  /** The Stripe events of this type for the tenant, oldest first. */
  List<Map<String, Object>> stripeEvents(TestTenant t, String type) {
    return sim.events(PlinthClient.keyOf(t.slug())).stream()
        .filter(e -> type.equals(e.get("type")))
        .toList();
  }

  @Test
  void aNewTenantHasTheDefaultTiersWithTheirPrices() {
    TestTenant t = onboard(ID);
    JsonArray tiers = ok(client.get(path(t, "tiers"), null)).getJsonArray("tiers");
    assertThat(tiers.stream().map(v -> v.asJsonObject().getString("code")))
        .containsExactly("free", "starter", "pro", "elite");
    JsonObject free = tiers.getJsonObject(0);
    assertThat(free.getInt("monthlyLimit")).isEqualTo(5);
    assertThat(free.isNull("priceId")).isTrue();
    assertThat(tiers.getJsonObject(1).getInt("monthlyLimit")).isEqualTo(25);
    assertThat(tiers.getJsonObject(2).getInt("monthlyLimit")).isEqualTo(100);
    assertThat(tiers.getJsonObject(3).isNull("monthlyLimit")).as("Elite is unlimited").isTrue();
    for (int i = 1; i < 4; i++) {
      assertThat(tiers.getJsonObject(i).getString("priceId")).startsWith("price_");
      assertThat(tiers.getJsonObject(i).getString("currency")).isEqualTo("usd");
    }
    assertThat(stripeRequests(t, "POST", "/v1/prices"))
        .as("one price per paid tier, at provisioning")
        .isEqualTo(3);
  }

  @Test
  void theTenantChangesATierAndItsSubscribersKeepTheirPrice() {
    TestTenant t = onboard(ID);
    String ada = userRef();
    String token = endUser(t, ada, ada + "@example.com");
    String sub = subscribe(t, ada, "pro");
    String oldPrice =
        ok(client.get(path(t, "tiers"), null))
            .getJsonArray("tiers")
            .getJsonObject(2)
            .getString("priceId");

    String change = json("name", "Pro Plus", "monthlyLimit", 150, "priceAmount", 3900);
    assertError(client.put(path(t, "tiers/pro"), token, change), 401, "unauthorized", null);
    assertError(
        client.put(path(t, "tiers/pro"), t.apiKey(), json("name", "Pro", "priceAmount", 0)),
        400,
        "invalid_request",
        "priceAmount");
    assertError(client.put(path(t, "tiers/gold"), t.apiKey(), change), 404, "not_found", null);
    JsonObject pro = ok(client.put(path(t, "tiers/pro"), t.apiKey(), change));
    assertThat(pro.getString("name")).isEqualTo("Pro Plus");
    assertThat(pro.getInt("monthlyLimit")).isEqualTo(150);
    assertThat(pro.getInt("priceAmount")).isEqualTo(3900);
    assertThat(pro.getString("priceId")).startsWith("price_").isNotEqualTo(oldPrice);
    assertThat(ok(client.get(path(t, "tiers"), null)).getJsonArray("tiers").getJsonObject(2))
        .isEqualTo(pro);

    // the subscriber renews on the old price, and is still on the tier, with its new limit
    sim.advanceClock(Duration.ofSeconds(10));
    awaitProcessed(t, sim.advanceSubscription(sub));
    JsonObject u = user(t, ada);
    assertThat(u.getString("tier")).isEqualTo("pro");
    assertThat(u.getJsonObject("usage").getInt("limit")).isEqualTo(150);
  }

  static List<String> codes(JsonObject tiers) {
    return tiers.getJsonArray("tiers").stream()
        .map(v -> v.asJsonObject().getString("code"))
        .toList();
  }

  @Test
  void theTenantAddsATierAndRetiresOneWhoseSubscribersKeepIt() {
    TestTenant t = onboard(ID);
    String ada = userRef();
    String token = endUser(t, ada, ada + "@example.com");
    String business =
        json("code", "business", "name", "Business", "monthlyLimit", 500, "priceAmount", 4900);
    assertError(client.post(path(t, "tiers"), token, business), 401, "unauthorized", null);
    assertError(
        client.post(
            path(t, "tiers"),
            t.apiKey(),
            json("code", "Big Plan", "name", "Big", "priceAmount", 100)),
        400,
        "invalid_request",
        "code");
    assertError(
        client.post(
            path(t, "tiers"), t.apiKey(), json("code", "big", "name", "Big", "priceAmount", 0)),
        400,
        "invalid_request",
        "priceAmount");
    assertError(
        client.post(
            path(t, "tiers"), t.apiKey(), json("code", "pro", "name", "Pro", "priceAmount", 100)),
        409,
        "tier_exists",
        null);
    JsonObject added = created(client.post(path(t, "tiers"), t.apiKey(), business));
    assertThat(added.getString("priceId")).startsWith("price_");
    assertThat(added.isNull("retiredAt")).isTrue();
    // on offer, by price: between Pro ($29) and Elite ($99)
    assertThat(codes(ok(client.get(path(t, "tiers"), null))))
        .containsExactly("free", "starter", "pro", "business", "elite");

    String sub = subscribe(t, ada, "business");
    assertThat(user(t, ada).getJsonObject("usage").getInt("limit")).isEqualTo(500);

    assertError(
        client.send("DELETE", path(t, "tiers/free"), t.apiKey(), null, null),
        409,
        "tier_required",
        null);
    assertError(
        client.send("DELETE", path(t, "tiers/business"), token, null, null),
        401,
        "unauthorized",
        null);
    JsonObject retired =
        ok(client.send("DELETE", path(t, "tiers/business"), t.apiKey(), null, null));
    assertThat(Instant.parse(retired.getString("retiredAt"))).isNotNull();
    assertThat(codes(ok(client.get(path(t, "tiers"), null))))
        .containsExactly("free", "starter", "pro", "elite");
    assertThat(codes(ok(client.get(path(t, "tiers?retired=true"), null)))).contains("business");

    // no one subscribes to it any more, and its code stays taken
    String bob = userRef();
    endUser(t, bob, bob + "@example.com");
    assertError(
        client.post(
            path(t, "users/" + bob + "/subscription/checkout"),
            t.apiKey(),
            json("tier", "business")),
        400,
        "invalid_request",
        "tier");
    assertError(client.post(path(t, "tiers"), t.apiKey(), business), 409, "tier_exists", null);

    // its subscriber keeps it through a renewal, with its limit, and can move to a tier on offer
    sim.advanceClock(Duration.ofSeconds(10));
    awaitProcessed(t, sim.advanceSubscription(sub));
    JsonObject u = user(t, ada);
    assertThat(u.getString("tier")).isEqualTo("business");
    assertThat(u.getString("tierName")).isEqualTo("Business");
    assertThat(u.getJsonObject("usage").getInt("limit")).isEqualTo(500);
    JsonObject moved =
        ok(
            client.post(
                path(t, "users/" + ada + "/subscription/change"), t.apiKey(), json("tier", "pro")));
    assertThat(moved.getString("tier")).isEqualTo("pro");
  }

  @Test
  void aTenantSeesNoneOfAnotherTenantsUsersOrAnalyses() {
    TestTenant t = onboard(ID);
    TestTenant other = onboard(ID);
    String ada = userRef();
    // the same reference at both tenants names two different people
    String token = endUser(t, ada, ada + "@example.com");
    String otherToken = endUser(other, ada, ada + "@other.example.com");
    created(analyse(t, token, ada, "12 Harbour Road", Map.of("rooms", 3)));
    assertThat(
            ok(client.get(path(other, "users/" + ada + "/analyses"), otherToken))
                .getJsonArray("analyses"))
        .isEmpty();
    assertThat(user(other, ada).getJsonObject("usage").getInt("used")).isZero();
    assertThat(ok(client.get(path(other, "admin/users"), other.apiKey())).getJsonArray("users"))
        .hasSize(1);
    notFound(client.get(path(t, "users/" + ada + "/analyses"), otherToken));
    assertError(client.get(path(t, "admin/users"), other.apiKey()), 404, "not_found", null);
  }

  @Test
  void aUserSeesOnlyItselfAndTheTenantSeesEveryUser() {
    TestTenant t = onboard(ID);
    TestTenant other = onboard(ID);
    String ada = userRef();
    String bo = userRef();
    String adaToken = endUser(t, ada, ada + "@example.com");
    endUser(t, bo, bo + "@example.com");

    JsonObject me = ok(client.get(path(t, "users/" + ada), adaToken));
    assertThat(me.getString("tier")).isEqualTo("free");
    assertThat(me.getString("status")).isEqualTo("none");
    JsonObject usage = me.getJsonObject("usage");
    assertThat(usage.getInt("used")).isZero();
    assertThat(usage.getInt("limit")).isEqualTo(5);
    assertThat(usage.getInt("remaining")).isEqualTo(5);
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    assertThat(Instant.parse(usage.getString("resetsAt")))
        .isEqualTo(
            now.withDayOfMonth(1)
                .toLocalDate()
                .atStartOfDay(ZoneOffset.UTC)
                .plusMonths(1)
                .toInstant());

    // another user's path is unknown to a user's token; the tenant's key may read any user
    notFound(client.get(path(t, "users/" + bo), adaToken));
    notFound(analyse(t, adaToken, bo, "1 Main St", Map.of()));
    assertThat(user(t, bo).getString("userRef")).isEqualTo(bo);
    // a user nobody registered, another tenant's key, the token at another tenant, no token
    notFound(client.get(path(t, "users/nobody-" + UUID.randomUUID()), t.apiKey()));
    notFound(client.get(path(t, "users/" + ada), other.apiKey()));
    notFound(client.get(path(other, "users/" + ada), adaToken));
    assertError(client.get(path(t, "users/" + ada), null), 401, "unauthorized", null);
    // the tenant's views are the tenant's alone
    assertError(client.get(path(t, "admin/users"), adaToken), 401, "unauthorized", null);

    // the tenant pages through its users by userRef
    List<String> refs = Stream.of(ada, bo).sorted().toList();
    JsonObject first = ok(client.get(path(t, "admin/users?limit=1"), t.apiKey()));
    assertThat(first.getJsonArray("users").getJsonObject(0).getString("userRef"))
        .isEqualTo(refs.get(0));
    JsonObject second =
        ok(
            client.get(
                path(t, "admin/users?limit=1&after=" + first.getString("nextAfter")), t.apiKey()));
    assertThat(second.getJsonArray("users").getJsonObject(0).getString("userRef"))
        .isEqualTo(refs.get(1));
    JsonObject rest =
        ok(
            client.get(
                path(t, "admin/users?limit=1&after=" + second.getString("nextAfter")), t.apiKey()));
    assertThat(rest.getJsonArray("users")).isEmpty();
    assertThat(rest.isNull("nextAfter")).isTrue();
    assertError(
        client.get(path(t, "admin/users?limit=0"), t.apiKey()), 400, "invalid_request", "limit");
  }

  void notFound(Reply r) {
    assertError(r, 404, "not_found", null);
  }

  @Test
  void theFreeLimitHoldsAndAnalysesAreSearchable() {
    TestTenant t = onboard(ID);
    String ada = userRef();
    String token = endUser(t, ada, ada + "@example.com");
    String[] addresses = {
      "12 Harbour Road, Bristol",
      "7 Mill Lane, Leeds",
      "3 Harbour View, Cardiff",
      "40 Station Street, York",
      "9 Castle Hill, Durham"
    };
    for (int i = 0; i < addresses.length; i++) {
      Reply r =
          analyse(
              t,
              token,
              ada,
              addresses[i],
              Map.of("rooms", i + 1, "kind", i % 2 == 0 ? "flat" : "house"));
      assertThat(created(r).getString("address")).isEqualTo(addresses[i]);
      advanceClock(Duration.ofSeconds(1));
    }
    JsonObject over =
        assertError(analyse(t, token, ada, "1 Over Street", Map.of()), 402, "quota_exceeded", null);
    assertThat(over.getInt("limit")).isEqualTo(5);
    assertThat(over.getInt("used")).isEqualTo(5);
    assertThat(over.getInt("remaining")).isZero();
    assertThat(over.getString("resetsAt")).endsWith("Z");
    JsonObject usage = user(t, ada).getJsonObject("usage");
    assertThat(usage.getInt("used")).isEqualTo(5);
    assertThat(usage.getInt("remaining")).isZero();
    assertError(analyse(t, token, ada, " ", Map.of()), 400, "invalid_request", "address");

    JsonArray recent =
        ok(client.get(path(t, "users/" + ada + "/analyses?limit=2"), token))
            .getJsonArray("analyses");
    assertThat(recent.stream().map(v -> v.asJsonObject().getString("address")))
        .containsExactly(addresses[4], addresses[3]);
    String before = recent.getJsonObject(1).getString("createdAt");
    JsonArray next =
        ok(client.get(path(t, "users/" + ada + "/analyses?limit=2&before=" + before), token))
            .getJsonArray("analyses");
    assertThat(next.stream().map(v -> v.asJsonObject().getString("address")))
        .containsExactly(addresses[2], addresses[1]);
    JsonArray harbour =
        ok(client.get(path(t, "users/" + ada + "/analyses?q=harbour"), token))
            .getJsonArray("analyses");
    assertThat(harbour.stream().map(v -> v.asJsonObject().getString("address")))
        .containsExactly(addresses[2], addresses[0]);
    JsonArray houses =
        ok(client.get(
                path(t, "users/" + ada + "/analyses?contains=%7B%22kind%22%3A%22house%22%7D"),
                token))
            .getJsonArray("analyses");
    assertThat(houses).hasSize(2);
    assertThat(houses.getJsonObject(0).getJsonObject("data").getInt("rooms")).isEqualTo(4);
    assertError(
        client.get(path(t, "users/" + ada + "/analyses?contains=%5B1%5D"), token),
        400,
        "invalid_request",
        "contains");

    // a new month, a new allowance (the user's token has expired by then: the tenant acts)
    advanceClock(Duration.ofDays(32));
    assertThat(created(analyse(t, t.apiKey(), ada, "2 New Road", Map.of())).getString("id"))
        .isNotBlank();
    assertThat(user(t, ada).getJsonObject("usage").getInt("used")).isEqualTo(1);
  }

  @Test
  void fiftyConcurrentRequestsWithThreeLeftRecordExactlyThree() {
    TestTenant t = onboard(ID);
    String ada = userRef();
    String token = endUser(t, ada, ada + "@example.com");
    created(analyse(t, token, ada, "1 First Street", Map.of()));
    created(analyse(t, token, ada, "2 First Street", Map.of()));
    List<Integer> statuses =
        Concurrently.run(
            50, 50, i -> analyse(t, token, ada, i + " Race Road", Map.of("i", i)).status());
    assertThat(statuses.stream().filter(s -> s == 201)).hasSize(3);
    assertThat(statuses.stream().filter(s -> s == 402)).hasSize(47);
    assertThat(user(t, ada).getJsonObject("usage").getInt("used")).isEqualTo(5);
  }

  @Test
  void theSubscriptionLifecycleFollowsStripe() throws Exception {
    TestTenant t = onboard(ID);
    String ada = userRef();
    String token = endUser(t, ada, ada + "@example.com");
    assertError(
        client.post(path(t, "users/" + ada + "/billing-portal"), token, null),
        409,
        "no_billing_account",
        null);
    assertError(
        client.post(
            path(t, "users/" + ada + "/subscription/checkout"), token, json("tier", "free")),
        400,
        "invalid_request",
        "tier");
    String sub = subscribe(t, ada, "starter");

    JsonObject u = ok(client.get(path(t, "users/" + ada), token));
    assertThat(u.getString("status")).isEqualTo("active");
    assertThat(u.getJsonObject("usage").getInt("limit")).isEqualTo(25);
    assertThat(u.getJsonObject("usage").getString("resetsAt"))
        .isEqualTo(u.getString("currentPeriodEnd"));
    assertError(
        client.post(path(t, "users/" + ada + "/subscription/checkout"), token, json("tier", "pro")),
        409,
        "already_subscribed",
        null);

    // a renewal moves the period on
    String end = u.getString("currentPeriodEnd");
    sim.advanceClock(Duration.ofSeconds(10));
    awaitProcessed(t, sim.advanceSubscription(sub));
    awaitUser(
        t,
        ada,
        x -> Instant.parse(x.getString("currentPeriodEnd")).isAfter(Instant.parse(end)),
        "renewed");

    // a failed renewal: past due, a notice, and the tenant sees it; the tier holds meanwhile
    sim.advanceClock(Duration.ofSeconds(10));
    awaitProcessed(t, sim.failRenewal(sub));
    JsonObject due = awaitUser(t, ada, x -> x.getString("status").equals("past_due"), "past due");
    assertThat(due.getString("tier")).isEqualTo("starter");
    assertThat(due.getJsonObject("usage").getInt("limit")).isEqualTo(25);
    JsonArray failed =
        ok(client.get(path(t, "admin/failed-payments"), t.apiKey())).getJsonArray("payments");
    assertThat(failed).hasSize(1);
    assertThat(failed.getJsonObject(0).getString("userRef")).isEqualTo(ada);
    assertThat(
            Db.ownerQuery(
                "SELECT count(*)::text FROM core.notifications n JOIN core.tenants t"
                    + " ON t.id = n.tenant_id WHERE t.slug = ? AND n.kind = ?"
                    + " AND n.recipient = ?",
                t.slug(),
                "analyses.payment_failed",
                ada + "@example.com"))
        .isEqualTo("1");
    // past the grace period, Free's limit applies until it is paid
    advanceClock(Duration.ofDays(8));
    assertThat(user(t, ada).getJsonObject("usage").getInt("limit")).isEqualTo(5);
    // (Stripe's signatures are checked against the platform's clock: put it back)
    ok(client.post("api/admin/clock/reset", ADMIN, null));

    // recovery
    sim.advanceClock(Duration.ofSeconds(10));
    awaitProcessed(t, sim.retryRenewal(sub, true, Delivery.normal()));
    awaitUser(t, ada, x -> x.getString("status").equals("active"), "active again");

    // an upgrade through Stripe, with prorations
    sim.advanceClock(Duration.ofSeconds(10));
    JsonObject pro =
        ok(
            client.post(
                path(t, "users/" + ada + "/subscription/change"), token, json("tier", "pro")));
    assertThat(pro.getString("tier")).isEqualTo("pro");
    assertThat(pro.getJsonObject("usage").getInt("limit")).isEqualTo(100);
    awaitUser(t, ada, x -> x.getString("tier").equals("pro"), "on pro");

    JsonObject portal =
        created(client.post(path(t, "users/" + ada + "/billing-portal"), token, null));
    assertThat(portal.getString("url")).startsWith(sim.baseUrl());

    JsonObject revenue = ok(client.get(path(t, "admin/revenue"), t.apiKey()));
    assertThat(revenue.getInt("mrr")).isEqualTo(2900);
    JsonArray pros =
        ok(client.get(path(t, "admin/users?tier=pro&status=active"), t.apiKey()))
            .getJsonArray("users");
    assertThat(pros).hasSize(1);
    JsonObject panel =
        ok(client.get("api/tenants/" + t.slug() + "/panels", t.apiKey()))
            .getJsonArray("panels")
            .getJsonObject(0);
    assertThat(panel.getString("id")).isEqualTo("subscriptions");
    assertThat(panel.getJsonArray("figures").getJsonObject(2).getInt("value")).isEqualTo(2900);

    // cancelled at the period's end: still Pro until then, Free after
    sim.advanceClock(Duration.ofSeconds(10));
    JsonObject ending =
        ok(
            client.post(
                path(t, "users/" + ada + "/subscription/cancel"),
                token,
                json("atPeriodEnd", true)));
    assertThat(ending.getBoolean("cancelAtPeriodEnd")).isTrue();
    assertThat(ending.getString("tier")).isEqualTo("pro");
    sim.advanceClock(Duration.ofSeconds(10));
    awaitProcessed(t, sim.advanceSubscription(sub));
    JsonObject free = awaitUser(t, ada, x -> x.getString("tier").equals("free"), "back to free");
    assertThat(free.getString("status")).isEqualTo("canceled");
    assertThat(free.getJsonObject("usage").getInt("limit")).isEqualTo(5);
    // and may subscribe again
    assertThat(
            created(
                    client.post(
                        path(t, "users/" + ada + "/subscription/checkout"),
                        token,
                        json("tier", "elite")))
                .getString("sessionId"))
        .startsWith("cs_");
  }

  @Test
  void twoCheckoutsPaidAtOnceKeepOneSubscriptionAndRefundTheOther() throws Exception {
    TestTenant t = onboard(ID);
    String ada = userRef();
    endUser(t, ada, ada + "@example.com");
    // two tabs: both checkouts open before either is paid
    String first =
        created(
                client.post(
                    path(t, "users/" + ada + "/subscription/checkout"),
                    t.apiKey(),
                    json("tier", "starter")))
            .getString("sessionId");
    String second =
        created(
                client.post(
                    path(t, "users/" + ada + "/subscription/checkout"),
                    t.apiKey(),
                    json("tier", "pro")))
            .getString("sessionId");
    pay(t, first);
    awaitUser(t, ada, u -> u.getString("tier").equals("starter"), "on starter");
    pay(t, second);

    String kept = (String) sim.object(first).orElseThrow().get("subscription");
    String dup = (String) sim.object(second).orElseThrow().get("subscription");
    Poll.until(
        () -> sim.object(dup).orElseThrow().get("status"),
        "canceled"::equals,
        "the second subscription cancelled at Stripe");
    assertThat(sim.object(kept).orElseThrow().get("status")).isEqualTo("active");
    Poll.until(
        () -> stripeRequests(t, "POST", "/v1/refunds"),
        n -> n >= 1,
        "the second subscription's payment refunded");
    awaitProcessed(t, stripeEvents(t, "customer.subscription.deleted"));
    JsonObject u = user(t, ada);
    assertThat(u.getString("tier")).isEqualTo("starter");
    assertThat(u.getString("status")).isEqualTo("active");
    assertThat(
            Db.ownerQuery(
                "SELECT count(*) FROM core.notifications WHERE recipient = ?"
                    + " AND kind = 'analyses.duplicate_subscription'",
                ada + "@example.com"))
        .isEqualTo("1");
    // the kept subscription goes on: a renewal renews it
    sim.advanceClock(Duration.ofSeconds(10));
    awaitProcessed(t, sim.advanceSubscription(kept));
    assertThat(user(t, ada).getString("tier")).isEqualTo("starter");
  }

  @Test
  void aStaleEventNeverOverwritesANewerState() {
    TestTenant t = onboard(ID);
    String ada = userRef();
    endUser(t, ada, ada + "@example.com");
    String sub = subscribe(t, ada, "starter");
    String key = PlinthClient.keyOf(t.slug());
    int before = stripeEvents(t, "customer.subscription.updated").size();

    // two changes whose events are held back, then delivered newest first
    sim.defaultDelivery(Delivery.none());
    try {
      sim.advanceClock(Duration.ofSeconds(10));
      ok(
          client.post(
              path(t, "users/" + ada + "/subscription/change"), t.apiKey(), json("tier", "pro")));
      sim.advanceClock(Duration.ofSeconds(10));
      ok(
          client.post(
              path(t, "users/" + ada + "/subscription/change"), t.apiKey(), json("tier", "elite")));
    } finally {
      sim.defaultDelivery(Delivery.normal());
    }
    List<Map<String, Object>> updates = stripeEvents(t, "customer.subscription.updated");
    List<Map<String, Object>> held = updates.subList(before, updates.size());
    assertThat(held).hasSize(2);
    sim.redeliver((String) held.get(1).get("id"), Delivery.normal());
    awaitProcessed(t, List.of(held.get(1)));
    sim.redeliver((String) held.get(0).get("id"), Delivery.normal());
    awaitProcessed(t, List.of(held.get(0)));
    assertThat(user(t, ada).getString("tier")).as("the older change is stale").isEqualTo("elite");

    // the deletion arrives before the last update
    sim.defaultDelivery(Delivery.none());
    List<Map<String, Object>> ended;
    try {
      sim.advanceClock(Duration.ofSeconds(10));
      ok(
          client.post(
              path(t, "users/" + ada + "/subscription/cancel"),
              t.apiKey(),
              json("atPeriodEnd", true)));
      sim.advanceClock(Duration.ofSeconds(10));
      ended = sim.advanceSubscription(sub, Delivery.none());
    } finally {
      sim.defaultDelivery(Delivery.normal());
    }
    Map<String, Object> deleted =
        ended.stream()
            .filter(e -> "customer.subscription.deleted".equals(e.get("type")))
            .findFirst()
            .orElseThrow();
    List<Map<String, Object>> all = stripeEvents(t, "customer.subscription.updated");
    Map<String, Object> lastUpdate = all.get(all.size() - 1);
    sim.redeliver((String) deleted.get("id"), Delivery.normal());
    awaitProcessed(t, List.of(deleted));
    sim.redeliver((String) lastUpdate.get("id"), Delivery.normal());
    awaitProcessed(t, List.of(lastUpdate));
    JsonObject u = user(t, ada);
    assertThat(u.getString("tier")).isEqualTo("free");
    assertThat(u.getString("status")).isEqualTo("canceled");
    assertThat(key).isNotBlank();
  }

  long subscriptionReads(String sub) {
    return sim.count(
        r -> r.method().equals("GET") && r.path().startsWith("/v1/subscriptions/" + sub));
  }

  @Test
  void aSameSecondTieIsSettledByStripesStateAndANewerEventByItself() {
    TestTenant t = onboard(ID);
    String ada = userRef();
    endUser(t, ada, ada + "@example.com");
    String sub = subscribe(t, ada, "starter");
    sim.advanceClock(Duration.ofSeconds(10));
    List<Map<String, Object>> failed = sim.failRenewal(sub, Delivery.none());
    List<Map<String, Object>> updates =
        failed.stream().filter(e -> "customer.subscription.updated".equals(e.get("type"))).toList();
    assertThat(updates).hasSize(2);
    assertThat(updates.get(0).get("created")).isEqualTo(updates.get(1).get("created"));
    // the past-due update first, then the earlier one of the same second, which says active
    long reads = subscriptionReads(sub);
    sim.redeliver((String) updates.get(1).get("id"), Delivery.normal());
    awaitProcessed(t, List.of(updates.get(1)));
    sim.redeliver((String) updates.get(0).get("id"), Delivery.normal());
    awaitProcessed(t, List.of(updates.get(0)));
    assertThat(user(t, ada).getString("status")).isEqualTo("past_due");
    assertThat(subscriptionReads(sub)).as("the tie read Stripe's state").isGreaterThan(reads);

    // a retry that succeeds a second later: its update is newer than the user's state, and is
    // applied as it is
    sim.advanceClock(Duration.ofSeconds(1));
    Map<String, Object> retried =
        sim.retryRenewal(sub, true, Delivery.none()).stream()
            .filter(e -> "customer.subscription.updated".equals(e.get("type")))
            .findFirst()
            .orElseThrow();
    long before = subscriptionReads(sub);
    sim.redeliver((String) retried.get("id"), Delivery.normal());
    awaitProcessed(t, List.of(retried));
    assertThat(user(t, ada).getString("status")).isEqualTo("active");
    assertThat(subscriptionReads(sub)).as("no read for a newer event").isEqualTo(before);
  }

  @Test
  void anEventFindsItsUserByReferenceThenCustomerThenEmail() throws Exception {
    TestTenant t = onboard(ID);
    // by reference: every test's subscribe(); here, a checkout whose reference names nobody, paid
    // by a new customer with a registered user's email
    String bo = userRef();
    endUser(t, bo, bo + "@example.com");
    String session = foreignCheckout(t, "nobody-" + UUID.randomUUID(), bo + "@example.com");
    List<Map<String, Object>> held = sim.pay(session, Delivery.none());
    Map<String, Object> completed =
        held.stream()
            .filter(e -> "checkout.session.completed".equals(e.get("type")))
            .findFirst()
            .orElseThrow();
    sim.redeliver((String) completed.get("id"), Delivery.normal());
    awaitProcessed(t, List.of(completed));
    JsonObject byEmail = user(t, bo);
    assertThat(byEmail.getString("tier")).as("found by email").isEqualTo("starter");
    assertThat(byEmail.isNull("currentPeriodEnd")).isTrue();
    // the subscription's events carry no email: its customer, now linked, names the user
    List<Map<String, Object>> rest = held.stream().filter(e -> e != completed).toList();
    for (Map<String, Object> e : rest) {
      sim.redeliver((String) e.get("id"), Delivery.normal());
    }
    awaitProcessed(t, rest);
    assertThat(user(t, bo).isNull("currentPeriodEnd")).as("found by customer").isFalse();

    // an event that finds no user fails and backs off on the retry schedule, until it is dead
    // (never skipped); replayed once the user exists, it lands
    String stranger = "later-" + UUID.randomUUID();
    String lost = foreignCheckout(t, "nobody-" + UUID.randomUUID(), stranger + "@example.com");
    List<Map<String, Object>> events = sim.pay(lost);
    String lostEvent =
        events.stream()
            .filter(e -> "checkout.session.completed".equals(e.get("type")))
            .map(e -> (String) e.get("id"))
            .findFirst()
            .orElseThrow();
    JsonObject dead = awaitEvent(t, lostEvent, e -> e.getString("status").equals("failed"));
    for (int round = 0; round < 10 && !dead.getString("status").equals("dead"); round++) {
      int tried = dead.getInt("attempts");
      advanceClock(Duration.ofHours(11));
      dead =
          awaitEvent(
              t,
              lostEvent,
              e -> e.getInt("attempts") > tried && e.getString("status").matches("failed|dead"));
    }
    assertThat(dead.getString("status")).isEqualTo("dead");
    assertThat(dead.getInt("attempts")).as("the first and the schedule's 7 retries").isEqualTo(8);
    endUser(t, stranger, stranger + "@example.com");
    ok(client.post("api/admin/webhooks/" + dead.getString("id") + "/replay", ADMIN, null));
    awaitEvent(t, lostEvent, e -> e.getString("status").equals("completed"));
    assertThat(user(t, stranger).getString("status")).isEqualTo("active");
  }

  /** The onboarding emails the tenant's outbox holds for a user, by kind. */
  static String onboardingEmails(TestTenant t, String userRef) throws Exception {
    return Db.ownerQuery(
        "SELECT coalesce(string_agg(n.kind, ',' ORDER BY n.kind), '') FROM core.notifications n"
            + " JOIN core.tenants t ON t.id = n.tenant_id WHERE t.slug = ?"
            + " AND n.recipient = ? AND n.kind LIKE 'analyses.onboarding.%'",
        t.slug(), userRef + "@example.com");
  }

  @Test
  void onboardingEmailsGoOnceEachAndStopOnUpgrade() throws Exception {
    TestTenant t = onboard(ID);
    String ada = userRef();
    String bo = userRef();
    endUser(t, ada, ada + "@example.com");
    endUser(t, bo, bo + "@example.com");
    user(t, ada);
    user(t, bo);
    // one the tenant registered but who has not come to the analyses yet is welcomed too
    String cy = userRef();
    endUser(t, cy, cy + "@example.com");
    runJob(ID, "onboarding");
    runJob(ID, "onboarding");
    assertThat(onboardingEmails(t, ada)).isEqualTo("analyses.onboarding.0");
    assertThat(onboardingEmails(t, bo)).isEqualTo("analyses.onboarding.0");
    assertThat(onboardingEmails(t, cy)).isEqualTo("analyses.onboarding.0");
    // in the tenant's words for its tiers
    assertThat(
            Db.ownerQuery(
                "SELECT body FROM core.notifications"
                    + " WHERE recipient = ? AND kind = 'analyses.onboarding.0'",
                cy + "@example.com"))
        .contains("Your Free plan gives you 5 analyses a month");
    subscribe(t, bo, "starter");

    advanceClock(Duration.ofDays(3));
    runJob(ID, "onboarding");
    assertThat(onboardingEmails(t, ada)).isEqualTo("analyses.onboarding.0,analyses.onboarding.1");
    advanceClock(Duration.ofDays(4));
    runJob(ID, "onboarding");
    runJob(ID, "onboarding");
    assertThat(onboardingEmails(t, ada))
        .isEqualTo("analyses.onboarding.0,analyses.onboarding.1,analyses.onboarding.2");
    assertThat(onboardingEmails(t, bo))
        .as("none after the upgrade")
        .isEqualTo("analyses.onboarding.0");
    assertThat(onboardingEmails(t, cy))
        .isEqualTo("analyses.onboarding.0,analyses.onboarding.1,analyses.onboarding.2");
  }

  /** A subscription checkout made at Stripe with the vertical's metadata, as from another app. */
  String foreignCheckout(TestTenant t, String reference, String email) throws Exception {
    String starter =
        ok(client.get(path(t, "tiers"), null))
            .getJsonArray("tiers")
            .getJsonObject(1)
            .getString("priceId");
    Map<String, String> metadata =
        Map.of(
            "plinth_tenant",
            t.slug(),
            "plinth_vertical",
            ID,
            "plinth_reference",
            reference,
            "tier",
            "starter");
    return stripe(t)
        .v1()
        .checkout()
        .sessions()
        .create(
            SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .addLineItem(
                    SessionCreateParams.LineItem.builder()
                        .setPrice(starter)
                        .setQuantity(1L)
                        .build())
                .setCustomerEmail(email)
                .putAllMetadata(metadata)
                .setSubscriptionData(
                    SessionCreateParams.SubscriptionData.builder().putAllMetadata(metadata).build())
                .setSuccessUrl("http://localhost:19080/t/" + t.slug())
                .build())
        .getId();
  }
}
