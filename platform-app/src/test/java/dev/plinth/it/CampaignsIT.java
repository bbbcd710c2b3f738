package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
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
    assertThat(p.getString("scope")).isEqualTo("session");
    assertThat(p.getJsonObject("customer").getString("businessName"))
        .isEqualTo("Mike's Windows LLC");
    assertThat(p.getJsonObject("customer").containsKey("email")).isFalse();
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
    Poll.until(() -> count("campaigns.campaigns", t.slug()), "2"::equals, "both campaigns made");
    assertThat(count("campaigns.customers", t.slug())).isEqualTo("1");
    // each session's portal shows its own purchase only
    String firstId = only(awaitPortal(t, first)).getString("id");
    String secondId = only(awaitPortal(t, second)).getString("id");
    assertThat(firstId).isNotEqualTo(secondId);
    // the customer's own portal, through the emailed link, shows both
    JsonObject all = redeem(t, linkFor(t, mail)).json();
    assertThat(all.getString("scope")).isEqualTo("customer");
    assertThat(all.getJsonObject("stats").getInt("campaigns")).isEqualTo(2);
    assertThat(all.getJsonArray("campaigns").stream().map(c -> c.asJsonObject().getString("id")))
        .containsExactlyInAnyOrder(firstId, secondId);
  }

  /** The one campaign of a session's portal. */
  static JsonObject only(JsonObject portal) {
    assertThat(portal.getJsonArray("campaigns")).hasSize(1);
    return portal.getJsonArray("campaigns").getJsonObject(0);
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

  // --- the customer's whole portal, through an emailed link ---

  /** A checkout of the Winter Special, paid and processed; its session id. */
  String paid(TestTenant t, String business, String email) {
    String session = checkout(t, business, email);
    sim.pay(session);
    awaitPortal(t, session);
    return session;
  }

  Reply askLink(TestTenant t, String email) {
    return client.post(path(t, "portal-link"), null, "{\"email\":\"" + email + "\"}");
  }

  /** The token of the newest portal link emailed to {@code email} at the tenant, if any. */
  static java.util.Optional<String> emailedLink(TestTenant t, String email) throws Exception {
    String body =
        Db.ownerQuery(
            "SELECT n.body FROM core.notifications n JOIN core.tenants t ON t.id = n.tenant_id"
                // the link goes to the address the customer was first recorded with, which may
                // differ in case from the one asked with
                + " WHERE t.slug = ? AND lower(n.recipient) = lower(?)"
                + " AND n.kind = 'campaigns.portal-link'"
                + " ORDER BY n.created_at DESC LIMIT 1",
            t.slug(),
            email);
    if (body == null) {
      return java.util.Optional.empty();
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote("/t/" + t.slug() + "/my-campaigns#link=")
                    + "([A-Za-z0-9_.-]+)")
            .matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return java.util.Optional.of(m.group(1));
  }

  /** Asks for a link for {@code email} and returns the token that was emailed. */
  String linkFor(TestTenant t, String email) throws Exception {
    Reply r = askLink(t, email);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return emailedLink(t, email).orElseThrow();
  }

  Reply redeem(TestTenant t, String token) {
    return client.post(path(t, "portal/redeem"), null, "{\"token\":\"" + token + "\"}");
  }

  /** The portal session cookie a redeemed link set, as {@code name=value}. */
  static String cookieOf(Reply redeemed) {
    assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
    return redeemed.header("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  Reply portalWith(TestTenant t, String cookie) {
    return client.send("GET", path(t, "portal"), null, null, null, Map.of("Cookie", cookie));
  }

  @Test
  void payingWithSomeoneElsesEmailShowsOnlyWhatThePayerBought() throws Exception {
    TestTenant t = tenant();
    String victim = email();
    paid(t, "Victim Roofing", victim);
    // the attacker pays with the victim's email
    String attack = checkout(t, "Attacker Inc", victim);
    sim.pay(attack);
    JsonObject seen = awaitPortal(t, attack);
    assertThat(seen.getString("scope")).isEqualTo("session");
    assertThat(seen.getJsonObject("customer").getString("businessName")).isEqualTo("Attacker Inc");
    assertThat(seen.getJsonObject("customer").containsKey("email")).isFalse();
    assertThat(only(seen).getString("name")).isEqualTo("Winter Special for Attacker Inc");
    assertThat(seen.toString()).doesNotContain("Victim Roofing").doesNotContain(victim);
    assertThat(seen.getJsonObject("stats").getInt("campaigns")).isEqualTo(1);
    // still one customer per email, and the victim's own portal holds both purchases
    assertThat(count("campaigns.customers", t.slug())).isEqualTo("1");
    JsonObject all = redeem(t, linkFor(t, victim)).json();
    assertThat(all.getJsonObject("customer").getString("email")).isEqualTo(victim);
    assertThat(all.getJsonArray("campaigns")).hasSize(2);
    // without the link's cookie there is no whole portal
    assertError(client.get(path(t, "portal"), null), 401, "unauthorized", null);
  }

  @Test
  void aPortalLinkIsAnswered202AlikeButOnlyAKnownCustomerIsEmailed() throws Exception {
    TestTenant t = tenant();
    String known = email();
    paid(t, "Known Decks", known);
    String unknown = email();
    Reply forUnknown = askLink(t, unknown);
    Reply forKnown = askLink(t, known.toUpperCase());
    assertThat(forUnknown.status()).isEqualTo(202);
    assertThat(forKnown.status()).isEqualTo(202);
    assertThat(forKnown.body()).isEqualTo(forUnknown.body());
    assertThat(emailedLink(t, unknown)).isEmpty();
    assertThat(emailedLink(t, known)).isPresent();
    assertThat(
            Db.ownerQuery(
                "SELECT count(*)::text FROM core.notifications n JOIN core.tenants t"
                    + " ON t.id = n.tenant_id WHERE t.slug = ? AND n.kind = 'campaigns.portal-link'",
                t.slug()))
        .isEqualTo("1");
    assertError(askLink(t, "not-an-email"), 400, "invalid_request", "email");
  }

  @Test
  void aLinkOpensOnceIntoACookieThatShowsTheWholePortal() throws Exception {
    TestTenant t = tenant();
    String mail = email();
    paid(t, "Cookie Concrete", mail);
    paid(t, "Cookie Concrete", mail);
    String token = linkFor(t, mail);

    Reply opened = redeem(t, token);
    String setCookie = opened.header("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith("plinth_campaigns_portal=")
        .contains("; Path=/api/t/" + t.slug() + "/campaigns/portal")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .contains("; Max-Age=86400")
        .doesNotContain(token);
    String cookie = cookieOf(opened);
    assertThat(opened.json().getJsonArray("campaigns")).hasSize(2);

    // reloads and polling work with the cookie
    Reply again = portalWith(t, cookie);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().getString("scope")).isEqualTo("customer");
    assertThat(again.json().getJsonObject("customer").getString("email")).isEqualTo(mail);
    assertThat(again.json().getJsonObject("stats").getInt("campaigns")).isEqualTo(2);
    // a cookie with a changed value is refused
    int at = cookie.indexOf('=') + 1;
    String changed =
        cookie.substring(0, at) + (cookie.charAt(at) == 'A' ? 'B' : 'A') + cookie.substring(at + 1);
    assertError(portalWith(t, changed), 401, "unauthorized", null);

    // the link cannot be used again
    assertError(redeem(t, token), 401, "unauthorized", null);

    // the cookie expires after a day
    client.post("api/admin/clock/advance?seconds=" + (24 * 3600 + 60), ADMIN, null);
    assertError(portalWith(t, cookie), 401, "unauthorized", null);
  }

  @Test
  void aLinkOpenedManyTimesAtOnceOpensOnce() throws Exception {
    TestTenant t = tenant();
    String mail = email();
    paid(t, "Rush Roofing", mail);
    String token = linkFor(t, mail);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Reply>> tries = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tries.add(pool.submit(() -> redeem(t, token)));
      }
      List<Integer> statuses = new java.util.ArrayList<>();
      for (var f : tries) {
        statuses.add(f.get().status());
      }
      assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 401).hasSize(7);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anExpiredLinkIsRefused() throws Exception {
    TestTenant t = tenant();
    String mail = email();
    paid(t, "Late Masonry", mail);
    String token = linkFor(t, mail);
    client.post("api/admin/clock/advance?seconds=" + 31 * 60, ADMIN, null);
    assertError(redeem(t, token), 401, "unauthorized", null);
  }

  @Test
  void aLinkOrCookieOfOneTenantIsRefusedAtAnother() throws Exception {
    TestTenant a = tenant();
    TestTenant b = tenant();
    String mail = email();
    // the same business is a customer of both tenants
    for (TestTenant t : List.of(a, b)) {
      paid(t, "Two Shops Glass", mail);
    }
    String tokenOfA = linkFor(a, mail);
    assertError(redeem(b, tokenOfA), 401, "unauthorized", null);
    String cookieOfA = cookieOf(redeem(a, tokenOfA));
    assertError(portalWith(b, cookieOfA), 401, "unauthorized", null);
    assertThat(portalWith(a, cookieOfA).status()).isEqualTo(200);
  }

  @Test
  void portalLinksAreRateLimitedPerEmailAndPerClient() throws Exception {
    TestTenant t = tenant();
    String mail = email();
    for (int i = 0; i < 3; i++) {
      assertThat(askLink(t, mail).status()).isEqualTo(202);
    }
    Reply limited = askLink(t, mail);
    assertError(limited, 429, "rate_limited", null);
    assertThat(Long.parseLong(limited.header("Retry-After").orElseThrow())).isPositive();
    // the same email from another client is still limited
    assertError(
        client.postFrom(
            "203.0.113.7", path(t, "portal-link"), null, "{\"email\":\"" + mail + "\"}"),
        429,
        "rate_limited",
        null);
    // one client asking for many emails is limited too
    int answered202 = 0;
    Reply last = null;
    for (int i = 0; i < 25; i++) {
      last =
          client.postFrom(
              "203.0.113.8", path(t, "portal-link"), null, "{\"email\":\"" + email() + "\"}");
      if (last.status() == 202) {
        answered202++;
      }
    }
    assertThat(answered202).isEqualTo(20);
    assertError(last, 429, "rate_limited", null);
  }

  @Test
  void aDeclinedDelayedPaymentAnswersPaymentFailed() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Declined Drywall", email());
    sim.payLater(session, Delivery.normal());
    assertThat(portal(t, session).status()).isEqualTo(202);
    sim.settle(session, false, Delivery.normal());
    Reply failed =
        Poll.until(() -> portal(t, session), r -> r.status() != 202, "the declined payment");
    assertError(failed, 409, "payment_failed", null);
    assertThat(count("campaigns.campaigns", t.slug())).isEqualTo("0");
    assertThat(count("campaigns.customers", t.slug())).isEqualTo("0");
  }

  @Test
  void anExpiredCheckoutAnswersCheckoutExpired() throws Exception {
    TestTenant t = tenant();
    String session = checkout(t, "Idle Insulation", email());
    sim.expire(session, Delivery.normal());
    Reply expired =
        Poll.until(() -> portal(t, session), r -> r.status() != 202, "the expired checkout");
    assertError(expired, 409, "checkout_expired", null);
    assertThat(count("campaigns.campaigns", t.slug())).isEqualTo("0");
  }
}
