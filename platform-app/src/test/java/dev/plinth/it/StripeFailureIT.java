package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.it.SimulatedStripe;
import org.junit.jupiter.api.Test;

/** When Stripe cannot be reached or refuses: a clear 502 and an error-log entry, nothing else. */
class StripeFailureIT extends ItBase {

  @Test
  void anUnreachableStripeIsABadGatewayWithAnErrorLogEntry() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String key = PlinthClient.keyOf(t.slug());
    // the simulator drops every connection made with this tenant's key
    SimulatedStripe.get().fail(key, 0);
    try {
      Reply r =
          client.post("api/tenants/" + t.slug() + "/stripe/webhook-endpoint", t.apiKey(), null);
      assertError(r, 502, "stripe_error", null);
      assertThat(r.json().getString("message"))
          .isEqualTo("Stripe: Stripe could not be reached; try again shortly");

      Reply reconcile = client.post("api/admin/tenants/" + t.slug() + "/reconcile", ADMIN, null);
      assertError(reconcile, 502, "stripe_error", null);
    } finally {
      SimulatedStripe.get().heal(key);
    }

    Reply errors = client.get("api/admin/errors?tenant=" + t.slug(), ADMIN);
    assertThat(errors.body()).contains("\"category\":\"billing\"").contains("webhook endpoint");
    // the tenant's secret key is nowhere in the log
    assertThat(errors.body()).doesNotContain("sk_test_");
    // and the webhook secret was left as it was
    assertThat(
            client
                .get("api/tenants/" + t.slug(), t.apiKey())
                .json()
                .getJsonObject("stripe")
                .getBoolean("webhookSecretSet"))
        .isTrue();
  }

  /**
   * Stripe's own words go to the tenant and the admin; a customer gets a generic message and the
   * error-log id, and Stripe's words stay in the log.
   */
  @Test
  void stripesRefusalReachesTheTenantButNotAnAnonymousCustomer() {
    TestTenant t = stripeTenant("campaigns");
    String key = PlinthClient.keyOf(t.slug());
    SimulatedStripe.get().fail(key, 400);
    try {
      Reply customer =
          client.post(
              CampaignsIT.path(t, "checkout"),
              null,
              CampaignsIT.buyer("Mike's Windows LLC", CampaignsIT.email()));
      assertError(customer, 502, "stripe_error", null);
      assertThat(customer.body()).doesNotContain("Simulated failure");
      String errorId = customer.json().getString("errorId");
      assertThat(errorId).isNotBlank();

      Reply tenant =
          client.post("api/tenants/" + t.slug() + "/stripe/webhook-endpoint", t.apiKey(), null);
      assertError(tenant, 502, "stripe_error", null);
      assertThat(tenant.json().getString("message")).contains("Simulated failure (400)");

      Reply admin = client.post("api/admin/tenants/" + t.slug() + "/reconcile", ADMIN, null);
      assertError(admin, 502, "stripe_error", null);
      assertThat(admin.json().getString("message")).contains("Simulated failure (400)");

      Reply logged = client.get("api/admin/errors?tenant=" + t.slug(), ADMIN);
      assertThat(logged.body()).contains(errorId).contains("Simulated failure (400)");
    } finally {
      SimulatedStripe.get().heal(key);
    }
  }

  @Test
  void setupRequestsAreChecked() {
    String slug = PlinthClient.randomSlug("conn");
    assertThat(
            client
                .post(
                    "api/tenants",
                    ADMIN,
                    TenantApiIT.onboardingBody(
                        slug,
                        "probe",
                        "{\"mode\":\"connect\",\"accountId\":\"acct_"
                            + slug.replace("-", "")
                            + "\"}"))
                .status())
        .isEqualTo(201);
    assertError(
        client.post("api/tenants/" + slug + "/stripe/webhook-endpoint", ADMIN, null),
        400,
        "invalid_request",
        null);
    TestTenant t = client.onboard(ADMIN, "probe");
    assertError(
        client.post("api/admin/tenants/" + t.slug() + "/reconcile?days=0", ADMIN, null),
        400,
        "invalid_request",
        "days");
    assertError(
        client.post("api/admin/tenants/" + t.slug() + "/reconcile", t.apiKey(), null),
        401,
        "unauthorized",
        null);
    assertError(
        client.post("api/admin/tenants/no-such-tenant/reconcile", ADMIN, null),
        404,
        "not_found",
        null);
  }
}
