package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import jakarta.json.JsonObject;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PlatformIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return PlinthDeployment.withProbe();
  }

  @ArquillianResource URL base;

  PlinthClient client;

  @BeforeEach
  void client() throws Exception {
    client = new PlinthClient(base.toURI());
    dev.plinth.testkit.it.PlinthIt.awaitReady(client);
  }

  @Test
  void readinessIsUpWithEveryCheckNamed() {
    PlinthClient.Reply r = client.get("health/ready", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject json = r.json();
    assertThat(json.getString("status")).isEqualTo("UP");
    assertThat(json.getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name")))
        .contains("database", "migrations", "stripe-config", "verticals", "webhooks");
  }

  @Test
  void livenessAndStartedAreUp() {
    assertThat(client.get("health/live", null).status()).isEqualTo(200);
    assertThat(client.get("health/started", null).status()).isEqualTo(200);
  }

  @Test
  void verticalsListTheInstalledOnes() {
    PlinthClient.Reply r = client.get("api/verticals", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.jsonArray().stream().map(v -> v.asJsonObject().getString("id")))
        .containsExactly(
            "analyses",
            "campaigns",
            "credits",
            "echo",
            "events",
            "probe",
            "reservations",
            "tipjar");
    assertThat(
            r.jsonArray()
                .getJsonObject(0)
                .getJsonArray("eventTypes")
                .getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly(
            "CheckoutPaid", "InvoicePaid", "InvoicePaymentFailed", "SubscriptionChanged");
    assertThat(
            r.jsonArray()
                .getJsonObject(4)
                .getJsonArray("eventTypes")
                .getValuesAs(jakarta.json.JsonString::getString))
        .as("events: the typed events, then the raw payment-intent types")
        .containsExactly(
            "CheckoutAwaitingPayment",
            "CheckoutExpired",
            "CheckoutPaid",
            "CheckoutPaymentFailed",
            "DisputeClosed",
            "DisputeOpened",
            "PaymentRefunded",
            "payment_intent.payment_failed",
            "payment_intent.succeeded");
    JsonObject probe = r.jsonArray().getJsonObject(5);
    assertThat(probe.getString("id")).isEqualTo("probe");
    assertThat(probe.getString("name")).isEqualTo("Probe");
    assertThat(probe.getJsonArray("eventTypes").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly(
            "CheckoutAwaitingPayment",
            "CheckoutExpired",
            "CheckoutPaid",
            "CheckoutPaymentFailed",
            "DisputeClosed",
            "DisputeOpened",
            "InvoicePaid",
            "InvoicePaymentFailed",
            "PaymentRefunded",
            "SubscriptionChanged",
            "charge.failed",
            "charge.pending",
            "checkout.session.completed",
            "probe.object.touched");
    assertThat(
            r.jsonArray()
                .getJsonObject(6)
                .getJsonArray("eventTypes")
                .getValuesAs(jakarta.json.JsonString::getString))
        // the typed events the listener acts on, found through its CDI proxy
        .containsExactly(
            "CheckoutAwaitingPayment",
            "CheckoutExpired",
            "CheckoutPaid",
            "CheckoutPaymentFailed",
            "PaymentRefunded");
  }

  @Test
  void openApiDescribesTheTenantEndpoints() {
    PlinthClient.Reply r = client.get("openapi", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("/api/tenants").doesNotContain("com.stripe");
    assertThat(client.get("openapi/ui/", null).status()).isEqualTo(200);
  }
}
