package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.Json;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where Stripe Checkout may send a customer back: under {@code PLINTH_PUBLIC_URL}, or under an
 * origin on the tenant's own allow-list. Anything else is refused before Stripe is asked, in every
 * vertical.
 */
class RedirectOriginsIT extends ItBase {

  static final List<String> FOREIGN =
      List.of(
          "https://evil.example/thanks",
          "https://shop.example.com.evil.net/thanks",
          "https://shop.example.com@evil.net/thanks",
          "//evil.net/thanks",
          "javascript:alert(1)",
          "http://localhost:19080.evil.net/x",
          "http://shop.example.com/thanks",
          "https://shop.example.com:8443/thanks");

  static String origins(String... origins) {
    return Json.createObjectBuilder()
        .add("origins", Json.createArrayBuilder(List.of(origins)))
        .build()
        .toString();
  }

  @Test
  void theTenantOrAnAdminSetsTheAllowListAndTheTenantsGetShowsIt() {
    TestTenant t = client.onboard(ADMIN, "probe");
    TestTenant other = client.onboard(ADMIN, "probe");
    String path = "api/tenants/" + t.slug() + "/redirect-origins";

    Reply set = client.put(path, t.apiKey(), origins("https://Shop.Example.com:443/"));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().getJsonArray("redirectOrigins").getString(0))
        .isEqualTo("https://shop.example.com");
    assertThat(
            client
                .get("api/tenants/" + t.slug(), t.apiKey())
                .json()
                .getJsonArray("redirectOrigins")
                .getString(0))
        .isEqualTo("https://shop.example.com");

    Reply byAdmin = client.put(path, ADMIN, origins("https://a.example", "https://b.example:8443"));
    assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
    assertThat(
            byAdmin
                .json()
                .getJsonArray("redirectOrigins")
                .getValuesAs(jakarta.json.JsonString.class))
        .extracting(jakarta.json.JsonString::getString)
        .containsExactly("https://a.example", "https://b.example:8443");

    assertError(
        client.put(path, other.apiKey(), origins("https://x.example")), 404, "not_found", null);
    assertError(client.put(path, null, origins("https://x.example")), 401, "unauthorized", null);
    assertError(
        client.put(path, t.apiKey(), origins("http://x.example")),
        400,
        "invalid_request",
        "origins");
    assertError(
        client.put(path, t.apiKey(), origins("https://x.example/path")),
        400,
        "invalid_request",
        "origins");
    assertError(client.put(path, t.apiKey(), "{}"), 400, "invalid_request", "origins");
    // a refused change changes nothing
    assertThat(client.get("api/tenants/" + t.slug(), ADMIN).json().getJsonArray("redirectOrigins"))
        .hasSize(2);
  }

  @Test
  void campaignsCheckoutRefusesAForeignReturnUrlAndTakesAnAllowListedOne() throws Exception {
    TestTenant t = stripeTenant("campaigns");
    String checkout = CampaignsIT.path(t, "checkout");
    allow(t, "https://shop.example.com");
    for (String url : FOREIGN) {
      assertError(
          customer(checkout, campaignsBuyer("successUrl", url)),
          400,
          "invalid_request",
          "successUrl");
      assertError(
          customer(checkout, campaignsBuyer("cancelUrl", url)),
          400,
          "invalid_request",
          "cancelUrl");
    }
    assertThat(CampaignsIT.count("campaigns.purchases", t.slug())).isEqualTo("0");
    String account = StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()));
    assertThat(
            sim.count(r -> r.path().equals("/v1/checkout/sessions") && r.account().equals(account)))
        .isZero();

    Reply ok =
        customer(
            checkout,
            campaignsBuyer(
                "successUrl", "https://shop.example.com/thanks?s={CHECKOUT_SESSION_ID}"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(session(t, ok.json().getString("sessionId")).getSuccessUrl())
        .isEqualTo("https://shop.example.com/thanks?s={CHECKOUT_SESSION_ID}");
    // under the public URL needs no allow-listing
    Reply home =
        customer(checkout, campaignsBuyer("cancelUrl", "http://localhost:19080/t/" + t.slug()));
    assertThat(home.status()).as(home.body()).isEqualTo(201);
  }

  @Test
  void reservationsDepositRefusesAForeignReturnUrlAndTakesAnAllowListedOne() throws Exception {
    TestTenant t = stripeTenant("reservations");
    Reply item =
        client.post(
            ReservationsIT.path(t, "items"),
            t.apiKey(),
            ReservationsIT.item("Biscuit", 150000, 25000));
    assertThat(item.status()).as(item.body()).isEqualTo(201);
    String deposit = ReservationsIT.path(t, "items/" + item.json().getString("id") + "/deposit");
    allow(t, "https://shop.example.com");
    for (String url : FOREIGN) {
      assertError(
          customer(deposit, depositor("successUrl", url)), 400, "invalid_request", "successUrl");
      assertError(
          customer(deposit, depositor("cancelUrl", url)), 400, "invalid_request", "cancelUrl");
    }
    // nothing was held meanwhile
    assertThat(
            client
                .get(ReservationsIT.path(t, "items/" + item.json().getString("id")), null)
                .json()
                .getString("status"))
        .isEqualTo("available");

    Reply ok = customer(deposit, depositor("successUrl", "https://shop.example.com/paid"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(session(t, ok.json().getString("sessionId")).getSuccessUrl())
        .isEqualTo("https://shop.example.com/paid");
  }

  static final AtomicInteger CUSTOMERS = new AtomicInteger();

  /** A customer's request, each from its own address, so that no rate limit is met. */
  Reply customer(String path, String body) {
    int n = CUSTOMERS.incrementAndGet();
    return client.postFrom("10.77." + (n / 250) + "." + (n % 250), path, null, body);
  }

  void allow(TestTenant t, String origin) {
    Reply r =
        client.put("api/tenants/" + t.slug() + "/redirect-origins", t.apiKey(), origins(origin));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  Session session(TestTenant t, String id) throws Exception {
    return StripeClient.builder()
        .setApiKey(PlinthClient.keyOf(t.slug()))
        .setApiBase(sim.baseUrl())
        .build()
        .v1()
        .checkout()
        .sessions()
        .retrieve(id);
  }

  static String campaignsBuyer(String field, String url) {
    return Json.createObjectBuilder()
        .add("packageCode", "winter-special")
        .add("businessName", "Windows " + UUID.randomUUID())
        .add("email", CampaignsIT.email())
        .add("city", "Dallas")
        .add("state", "TX")
        .add(field, url)
        .build()
        .toString();
  }

  static String depositor(String field, String url) {
    return Json.createObjectBuilder()
        .add("email", CampaignsIT.email())
        .add("name", "Ann Buyer")
        .add(field, url)
        .build()
        .toString();
  }
}
