package dev.plinth.it;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP integration tests against the deployed war, each making its own tenants. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ItBase {

  static final String ADMIN = PlinthDeployment.ADMIN_TOKEN;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return PlinthDeployment.withProbe();
  }

  @ArquillianResource URL base;

  PlinthClient client;

  /** Stripe, as the tests see it. */
  StripeSimulator sim;

  @BeforeEach
  void connect() throws Exception {
    client = new PlinthClient(base.toURI());
    // Stripe is there for every test, whatever the order the classes run in
    sim = SimulatedStripe.get();
    Readiness.await(client);
  }

  /** A test that moved the platform's clock puts it back. */
  @AfterEach
  void resetClock() {
    try {
      client.post("api/admin/clock/reset", ADMIN, null);
    } catch (RuntimeException e) {
      // a test that stopped the server or the database has nothing to reset
    }
  }

  /** A tenant of {@code vertical} whose webhook endpoint Plinth registered with the simulator. */
  TestTenant stripeTenant(String vertical) {
    TestTenant t = client.onboard(ADMIN, vertical);
    PlinthClient.Reply r =
        client.post("api/tenants/" + t.slug() + "/stripe/webhook-endpoint", t.apiKey(), null);
    org.assertj.core.api.Assertions.assertThat(r.status()).as(r.body()).isEqualTo(201);
    return t;
  }

  /** The id of the tenant's first payment, once it is recorded. */
  String firstPayment(TestTenant t) {
    return dev.plinth.testkit.Poll.until(
            () ->
                client
                    .get("api/t/" + t.slug() + "/payments", t.apiKey())
                    .json()
                    .getJsonArray("payments"),
            p -> !p.isEmpty(),
            "the payment")
        .getJsonObject(0)
        .getString("id");
  }

  /** The tenant refunds its first payment in full, through Stripe, once it is recorded. */
  void refundInFull(TestTenant t) {
    PlinthClient.Reply refund =
        client.post(
            "api/t/" + t.slug() + "/payments/" + firstPayment(t) + "/refund", t.apiKey(), "");
    org.assertj.core.api.Assertions.assertThat(refund.status()).as(refund.body()).isEqualTo(201);
  }

  /**
   * Refunds a payment in full directly at Stripe (as from Stripe's dashboard), and waits until
   * Plinth has processed the refund's event.
   */
  void refundAtStripe(TestTenant t, String paymentIntentId) throws Exception {
    com.stripe.StripeClient.builder()
        .setApiKey(PlinthClient.keyOf(t.slug()))
        .setApiBase(sim.baseUrl())
        .build()
        .v1()
        .refunds()
        .create(
            com.stripe.param.RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .build());
    dev.plinth.testkit.Poll.until(
        () ->
            Db.ownerQuery(
                "SELECT status FROM core.payments WHERE payment_intent_id = ?", paymentIntentId),
        "refunded"::equals,
        "the refund recorded");
  }

  /**
   * Runs a vertical's job now, for every tenant of its vertical, and asserts that it ran: answered
   * 200, reached at least one tenant, and failed for none. A test that asserts "nothing changed"
   * after a job must know the job really ran.
   */
  JsonObject runJob(String vertical, String name) {
    PlinthClient.Reply run = client.post("api/admin/jobs/" + vertical + "/" + name, ADMIN, null);
    org.assertj.core.api.Assertions.assertThat(run.status()).as(run.body()).isEqualTo(200);
    JsonObject result = run.json();
    org.assertj.core.api.Assertions.assertThat(result.getInt("tenants"))
        .as("tenants the job %s/%s ran for", vertical, name)
        .isPositive();
    org.assertj.core.api.Assertions.assertThat(result.getInt("failed"))
        .as("tenants the job %s/%s failed for: %s", vertical, name, result)
        .isZero();
    return result;
  }

  /** The probe vertical's notes of a tenant: its handlers' visible effects. */
  List<String> notes(TestTenant t) {
    return client
        .get("api/t/" + t.slug() + "/probe/notes", t.apiKey())
        .json()
        .getJsonArray("notes")
        .stream()
        .map(n -> n.asJsonObject().getString("body"))
        .toList();
  }
}
