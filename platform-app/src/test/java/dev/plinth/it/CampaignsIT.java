package dev.plinth.it;

import static dev.plinth.it.TenantApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The campaigns vertical on a real Liberty and PostgreSQL, with Stripe played by the simulator:
 * packages, checkout, one customer per business whatever the concurrency, the 72 h launch with the
 * clock moved, tenant actions, appointments, refunds, the portal's states and isolation.
 */
class CampaignsIT extends ItBase {

  TestTenant tenant() {
    return stripeTenant("campaigns");
  }

  static String path(TestTenant t, String rest) {
    return "api/t/" + t.slug() + "/campaigns" + (rest.isEmpty() ? "" : "/" + rest);
  }

  static String buyer(String business, String email) {
    return "{\"packageCode\":\"winter-special\",\"businessName\":\""
        + business
        + "\",\"email\":\""
        + email
        + "\",\"city\":\"Dallas\",\"state\":\"TX\"}";
  }

  String checkout(TestTenant t, String business, String email) {
    Reply r = client.post(path(t, "checkout"), null, buyer(business, email));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().getString("url")).startsWith(sim.baseUrl() + "/pay/");
    return r.json().getString("sessionId");
  }

  Reply portal(TestTenant t, String sessionId) {
    return client.get(path(t, "portal?session_id=" + sessionId), null);
  }

  JsonObject awaitPortal(TestTenant t, String sessionId) {
    return Poll.until(() -> portal(t, sessionId), r -> r.status() == 200, "the portal").json();
  }

  List<JsonObject> campaigns(TestTenant t, String status) {
    return client
        .get(path(t, status.isEmpty() ? "" : "?status=" + status), t.apiKey())
        .json()
        .getJsonArray("campaigns")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  static String count(String sql, String slug) throws Exception {
    return Db.ownerQuery(
        "SELECT count(*)::text FROM "
            + sql
            + " x JOIN core.tenants t ON t.id = x.tenant_id"
            + " WHERE t.slug = ?",
        slug);
  }

  static String email() {
    return "mike-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  @Test
  void aNewTenantSellsTheWinterSpecialAndManagesItsPackages() {
    TestTenant t = tenant();
    JsonObject winter =
        client.get(path(t, "packages"), null).json().getJsonArray("packages").getJsonObject(0);
    assertThat(winter.getString("code")).isEqualTo("winter-special");
    assertThat(winter.getString("name")).isEqualTo("Winter Special");
    assertThat(winter.getInt("launchDelayHours")).isEqualTo(72);

    String pkg =
        "{\"code\":\"spring\",\"name\":\"Spring Boost\",\"priceAmount\":29900,\"currency\":\"usd\","
            + "\"runDays\":14}";
    Reply created = client.post(path(t, "packages"), t.apiKey(), pkg);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().getInt("launchDelayHours")).isEqualTo(72);
    assertError(client.post(path(t, "packages"), t.apiKey(), pkg), 409, "package_exists", null);
    assertError(client.post(path(t, "packages"), null, pkg), 401, "unauthorized", null);
    assertError(
        client.post(
            path(t, "packages"),
            t.apiKey(),
            "{\"code\":\"x\",\"name\":\"X\",\"priceAmount\":-1,\"currency\":\"usd\"}"),
        400,
        "invalid_request",
        "priceAmount");
    Reply updated =
        client.put(
            path(t, "packages/spring"),
            t.apiKey(),
            "{\"name\":\"Spring Boost\",\"priceAmount\":19900,\"currency\":\"usd\",\"launchDelayHours\":24}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().getInt("launchDelayHours")).isEqualTo(24);
    assertThat(client.get(path(t, "packages"), null).json().getJsonArray("packages")).hasSize(2);
  }

  @Test
  void checkoutIsValidated() {
    TestTenant t = tenant();
    assertError(
        client.post(path(t, "checkout"), null, buyer("Mike's Windows LLC", "nope")),
        400,
        "invalid_request",
        "email");
    assertError(
        client.post(
            path(t, "checkout"),
            null,
            buyer("Mike's Windows LLC", email()).replace("\"TX\"", "\"Texas\"")),
        400,
        "invalid_request",
        "state");
    assertError(
        client.post(
            path(t, "checkout"),
            null,
            buyer("Mike's Windows LLC", email()).replace("winter-special", "summer")),
        400,
        "invalid_request",
        "packageCode");
    assertError(
        client.post(
            path(t, "checkout"),
            null,
            buyer("Mike's Windows LLC", email()).replace("}", ",\"successUrl\":\"ftp://x\"}")),
        400,
        "invalid_request",
        "successUrl");
  }

  @Test
  void aPaidCheckoutSchedulesTheCampaign72HoursOnAndThePortalShowsIt() throws Exception {
    TestTenant t = tenant();
    String mail = email();
    String session = checkout(t, "Mike's Windows LLC", mail);
    // before the payment is processed
    Reply processing = portal(t, session);
    assertThat(processing.status()).isEqualTo(202);
    assertThat(processing.json().getString("status")).isEqualTo("processing");
    assertError(portal(t, "cs_test_unknown"), 404, "not_found", null);

    Instant before = Instant.now().minusSeconds(2);
    sim.pay(session, Delivery.normal());
    JsonObject p = awaitPortal(t, session);
    assertThat(p.getJsonObject("customer").getString("businessName"))
        .isEqualTo("Mike's Windows LLC");
    assertThat(p.getJsonObject("customer").getString("city")).isEqualTo("Dallas");
    assertThat(p.getJsonObject("customer").getString("state")).isEqualTo("TX");
    JsonObject campaign = p.getJsonArray("campaigns").getJsonObject(0);
    assertThat(campaign.getString("status")).isEqualTo("scheduled");
    Instant launch = Instant.parse(campaign.getString("launchAt"));
    assertThat(launch)
        .isBetween(before.plus(Duration.ofHours(72)), Instant.now().plus(Duration.ofHours(72)));
    assertThat(campaign.getInt("hoursUntilLaunch")).isBetween(71, 72);
    assertThat(p.getJsonObject("stats").getInt("campaigns")).isEqualTo(1);
    assertThat(p.getJsonObject("stats").getInt("active")).isZero();
  }

  @Test
  void theBuyerGetsThePackageAsItWasAtCheckout() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Terms Kept Roofing", email());
    // the tenant changes the package while the buyer is paying
    Reply changed =
        client.put(
            path(t, "packages/winter-special"),
            t.apiKey(),
            "{\"name\":\"Winter Sale\",\"priceAmount\":19900,\"currency\":\"usd\","
                + "\"launchDelayHours\":1}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    sim.pay(session);
    JsonObject campaign = awaitPortal(t, session).getJsonArray("campaigns").getJsonObject(0);
    assertThat(campaign.getString("name")).isEqualTo("Winter Special for Terms Kept Roofing");
    assertThat(campaign.getInt("hoursUntilLaunch")).isBetween(71, 72);
  }

  @Test
  void theSameEventTwentyTimesAtOnceMakesOneCustomerAndOneCampaign() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Dup Roofing", email());
    sim.pay(session, Delivery.normal().copies(20).concurrently());
    awaitPortal(t, session);
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(30))).isTrue();
    Poll.until(
        () ->
            Db.ownerQuery(
                "SELECT count(*)::text FROM core.webhook_events e JOIN core.tenants t"
                    + " ON t.id = e.tenant_id WHERE t.slug = ? AND e.status NOT IN ('completed','skipped')",
                t.slug()),
        "0"::equals,
        "every event processed");
    assertThat(count("campaigns.customers", t.slug())).isEqualTo("1");
    assertThat(count("campaigns.campaigns", t.slug())).isEqualTo("1");
  }

  @Test
  void twoPurchasesByOneBusinessAtOnceMakeOneCustomerAndTwoCampaigns() throws Exception {
    TestTenant t = tenant();
    String mail = email();
    String first = checkout(t, "Mike's Windows LLC", mail);
    String second = checkout(t, "Mike's Windows LLC", mail.toUpperCase());
    List<Map<String, Object>> a = sim.pay(first, Delivery.none());
    List<Map<String, Object>> b = sim.pay(second, Delivery.none());
    // both completions reach Plinth at the same moment, so two workers process them together
    dev.plinth.testkit.Concurrently.run(
        2,
        2,
        n -> {
          List<Map<String, Object>> events = n == 0 ? a : b;
          sim.redeliver((String) events.get(events.size() - 1).get("id"), Delivery.normal());
          return null;
        });
    JsonObject p =
        Poll.until(
                () -> portal(t, second),
                r -> r.status() == 200 && r.json().getJsonArray("campaigns").size() == 2,
                "both campaigns")
            .json();
    assertThat(p.getJsonObject("stats").getInt("campaigns")).isEqualTo(2);
    assertThat(count("campaigns.customers", t.slug())).isEqualTo("1");
    assertThat(count("campaigns.campaigns", t.slug())).isEqualTo("2");
    // the first session's portal shows both too, and says which one it bought
    JsonObject firstPortal = awaitPortal(t, first);
    assertThat(firstPortal.getJsonArray("campaigns")).hasSize(2);
    assertThat(
            firstPortal.getJsonArray("campaigns").stream()
                .filter(c -> c.asJsonObject().getBoolean("thisSession")))
        .hasSize(1);
  }

  @Test
  void theLifecycleJobLaunchesAfter72HoursAndCompletesAfterTheRun() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Clock Plumbing", email());
    sim.pay(session);
    awaitPortal(t, session);
    String id = campaigns(t, "scheduled").get(0).getString("id");

    client.post("api/admin/clock/advance?seconds=" + 71 * 3600, ADMIN, null);
    runJob("campaigns", "advance-campaigns");
    assertThat(campaigns(t, "scheduled")).extracting(c -> c.getString("id")).contains(id);

    client.post("api/admin/clock/advance?seconds=" + 2 * 3600, ADMIN, null);
    runJob("campaigns", "advance-campaigns");
    JsonObject active = campaigns(t, "active").get(0);
    assertThat(active.getString("id")).isEqualTo(id);
    assertThat(Instant.parse(active.getString("endsAt")))
        .isEqualTo(Instant.parse(active.getString("launchAt")).plus(Duration.ofDays(30)));
    JsonObject p = portal(t, session).json();
    assertThat(p.getJsonObject("stats").getInt("active")).isEqualTo(1);
    assertThat(p.getJsonArray("campaigns").getJsonObject(0).getInt("hoursUntilLaunch")).isZero();

    client.post("api/admin/clock/advance?seconds=" + 31 * 86400, ADMIN, null);
    runJob("campaigns", "advance-campaigns");
    assertThat(campaigns(t, "completed")).extracting(c -> c.getString("id")).containsExactly(id);
  }

  @Test
  void theTenantPausesResumesAndCancelsAndRecordsAppointments() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Action Painting", email());
    sim.pay(session);
    awaitPortal(t, session);
    String id = campaigns(t, "").get(0).getString("id");
    assertError(
        client.post(path(t, id + "/pause"), t.apiKey(), null), 409, "invalid_transition", null);

    client.post("api/admin/clock/advance?seconds=" + 73 * 3600, ADMIN, null);
    runJob("campaigns", "advance-campaigns");
    assertThat(client.post(path(t, id + "/pause"), t.apiKey(), null).json().getString("status"))
        .isEqualTo("paused");
    assertThat(client.post(path(t, id + "/resume"), t.apiKey(), null).json().getString("status"))
        .isEqualTo("active");
    assertError(client.post(path(t, id + "/pause"), null, null), 401, "unauthorized", null);

    Reply appt =
        client.post(
            path(t, id + "/appointments"),
            t.apiKey(),
            "{\"customerName\":\"Jane Homeowner\",\"at\":\"2026-12-01T15:00:00Z\",\"notes\":\"bay window\"}");
    assertThat(appt.status()).as(appt.body()).isEqualTo(201);
    assertError(
        client.post(
            path(t, id + "/appointments"),
            t.apiKey(),
            "{\"customerName\":\"J\",\"at\":\"tomorrow\"}"),
        400,
        "invalid_request",
        "at");
    assertThat(
            client
                .get(path(t, id + "/appointments"), t.apiKey())
                .json()
                .getJsonArray("appointments"))
        .hasSize(1);
    assertThat(portal(t, session).json().getJsonObject("stats").getInt("appointments"))
        .isEqualTo(1);

    assertThat(client.post(path(t, id + "/cancel"), t.apiKey(), null).json().getString("status"))
        .isEqualTo("cancelled");
    assertError(
        client.post(path(t, id + "/resume"), t.apiKey(), null), 409, "invalid_transition", null);
    assertError(
        client.post(path(t, UUID.randomUUID() + "/cancel"), t.apiKey(), null),
        404,
        "not_found",
        null);
  }

  @Test
  void aRefundBeforeLaunchCancelsTheCampaignAndThePortalIsEmpty() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Refund Fencing", email());
    sim.pay(session);
    awaitPortal(t, session);
    refundInFull(t);
    Poll.until(() -> campaigns(t, "cancelled"), l -> l.size() == 1, "the campaign cancelled");
    JsonObject p = portal(t, session).json();
    assertThat(p.getJsonArray("campaigns")).isEmpty();
    assertThat(p.getJsonObject("stats").getInt("campaigns")).isZero();
  }

  @Test
  void aRefundWhoseEventArrivesBeforeThePaymentsCancelsTheCampaign() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Early Refund Gutters", email());
    List<Map<String, Object>> paid = sim.pay(session, Delivery.none());
    refundAtStripe(t, (String) sim.object(session).orElseThrow().get("payment_intent"));
    sim.redeliver((String) paid.get(paid.size() - 1).get("id"), Delivery.normal());
    Poll.until(() -> campaigns(t, "cancelled"), l -> l.size() == 1, "the campaign, cancelled");
    assertThat(campaigns(t, "scheduled")).isEmpty();
    assertThat(awaitPortal(t, session).getJsonArray("campaigns")).isEmpty();
  }

  @Test
  void oneTenantCannotSeeAnothersCampaigns() throws Exception {
    TestTenant a = tenant();
    TestTenant b = tenant();
    String session = checkout(a, "Private Siding", email());
    sim.pay(session);
    awaitPortal(a, session);
    assertThat(campaigns(b, "")).isEmpty();
    assertError(portal(b, session), 404, "not_found", null);
    assertError(client.get(path(a, ""), b.apiKey()), 404, "not_found", null);
    String id = campaigns(a, "").get(0).getString("id");
    assertError(client.post(path(b, id + "/cancel"), b.apiKey(), null), 404, "not_found", null);
  }
}
