package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static dev.plinth.it.WebhookIntakeIT.now;
import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The core's billing handlers: customers, payments, refunds and subscriptions, order-safe. */
class BillingRecordsIT extends ItBase {

  static String event(String type, long created, String object) {
    return "{\"id\":\""
        + newEventId()
        + "\",\"object\":\"event\",\"created\":"
        + created
        + ",\"type\":\""
        + type
        + "\",\"livemode\":false,\"data\":{\"object\":"
        + object
        + "}}";
  }

  static String subscription(String id, String status, boolean cancelAtPeriodEnd) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"subscription\",\"customer\":\"cus_S1\",\"status\":\""
        + status
        + "\",\"cancel_at_period_end\":"
        + cancelAtPeriodEnd
        + ",\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\",\"current_period_end\":1893456000,"
        + "\"price\":{\"id\":\"price_basic\",\"object\":\"price\"}}]}}";
  }

  void send(TestTenant t, String payload) throws Exception {
    Reply r = deliverSigned(base, t, payload);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String id = payload.substring(7, payload.indexOf('"', 7));
    String status =
        Poll.until(
            Duration.ofSeconds(30),
            () -> Db.ownerQuery("SELECT status FROM core.webhook_events WHERE event_id = ?", id),
            st -> !st.equals("pending") && !st.equals("processing"),
            "event " + id);
    assertThat(status).as("event " + id).isEqualTo("completed");
  }

  @Test
  void subscriptionEventsOutOfOrderNeverRollStateBack() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String sub = "sub_" + newEventId().substring(4);
    long t0 = now() - 100;
    // updated arrives before created
    send(t, event("customer.subscription.updated", t0 + 10, subscription(sub, "active", true)));
    send(t, event("customer.subscription.created", t0, subscription(sub, "incomplete", false)));
    assertThat(row(sub)).isEqualTo("active,true,price_basic");
    // two updates swapped
    send(t, event("customer.subscription.updated", t0 + 30, subscription(sub, "past_due", true)));
    send(t, event("customer.subscription.updated", t0 + 20, subscription(sub, "active", false)));
    assertThat(row(sub)).isEqualTo("past_due,true,price_basic");
    send(t, event("customer.subscription.deleted", t0 + 40, subscription(sub, "canceled", false)));
    assertThat(row(sub)).isEqualTo("canceled,false,price_basic");
  }

  @Test
  void eventsOfTheSameSecondOnlyMoveAPaymentForward() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String pi = "pi_" + newEventId().substring(4);
    long second = now() - 50;
    String intent =
        "{\"id\":\"" + pi + "\",\"object\":\"payment_intent\",\"amount\":900,\"currency\":\"usd\",";
    send(t, event("payment_intent.succeeded", second, intent + "\"status\":\"succeeded\"}"));
    // Stripe sends payment_intent.created in the same second; it arrives late
    send(
        t,
        event(
            "payment_intent.created", second, intent + "\"status\":\"requires_payment_method\"}"));
    assertThat(Db.ownerQuery("SELECT status FROM core.payments WHERE payment_intent_id = ?", pi))
        .isEqualTo("succeeded");

    String cs = "cs_test_" + newEventId().substring(4);
    String session =
        "{\"id\":\""
            + cs
            + "\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"status\":\"complete\",";
    send(
        t,
        event(
            "checkout.session.async_payment_succeeded",
            second,
            session + "\"payment_status\":\"paid\"}"));
    send(
        t, event("checkout.session.completed", second, session + "\"payment_status\":\"unpaid\"}"));
    assertThat(
            Db.ownerQuery(
                "SELECT status || '/' || payment_status FROM core.checkout_sessions"
                    + " WHERE stripe_session_id = ?",
                cs))
        .isEqualTo("complete/paid");
  }

  @Test
  void partialRefundsOfOneSecondArrivingSwappedNeverShrinkTheTotal() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String pi = "pi_" + newEventId().substring(4);
    long second = now() - 40;
    String charge =
        "{\"id\":\"ch_"
            + pi.substring(3)
            + "\",\"object\":\"charge\",\"payment_intent\":\""
            + pi
            + "\",\"amount\":1000,\"currency\":\"usd\",\"refunded\":false,\"amount_refunded\":";
    send(t, event("charge.refunded", second, charge + "300}"));
    send(t, event("charge.refunded", second, charge + "100}"));
    assertThat(
            Db.ownerQuery(
                "SELECT amount_refunded || '/' || status FROM core.payments WHERE payment_intent_id = ?",
                pi))
        .isEqualTo("300/partially_refunded");
  }

  String row(String sub) throws Exception {
    return Db.ownerQuery(
        "SELECT status || ',' || cancel_at_period_end || ',' || price_id FROM core.subscriptions"
            + " WHERE stripe_subscription_id = ?",
        sub);
  }

  @Test
  void paidCheckoutsBecomePaymentsAndRefundsAreTracked() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    TestTenant other = client.onboard(ADMIN, "probe");
    String pi = "pi_" + newEventId().substring(4);
    long t0 = now() - 100;
    send(
        t,
        event(
            "checkout.session.completed",
            t0,
            "{\"id\":\"cs_"
                + pi.substring(3)
                + "\",\"object\":\"checkout.session\",\"mode\":\"payment\","
                + "\"status\":\"complete\",\"payment_status\":\"paid\",\"amount_total\":2500,"
                + "\"currency\":\"usd\",\"customer\":\"cus_P1\",\"payment_intent\":\""
                + pi
                + "\","
                + "\"customer_details\":{\"email\":\"pat@example.com\",\"name\":\"Pat\"}}"));

    JsonObject payment = onlyPayment(t);
    assertThat(payment.getString("status")).isEqualTo("succeeded");
    assertThat(payment.getInt("amount")).isEqualTo(2500);
    assertThat(payment.getString("customerId")).isEqualTo("cus_P1");
    assertThat(
            Db.ownerQuery(
                "SELECT email FROM core.customers WHERE stripe_customer_id = ?", "cus_P1"))
        .isEqualTo("pat@example.com");
    assertThat(
            client
                .get("api/t/" + other.slug() + "/payments", other.apiKey())
                .json()
                .getJsonArray("payments"))
        .isEmpty();

    send(
        t,
        event(
            "charge.refunded",
            t0 + 10,
            "{\"id\":\"ch_1\",\"object\":\"charge\",\"payment_intent\":\""
                + pi
                + "\",\"amount\":2500,"
                + "\"amount_refunded\":1000,\"refunded\":false,\"currency\":\"usd\"}"));
    payment = onlyPayment(t);
    assertThat(payment.getString("status")).isEqualTo("partially_refunded");
    assertThat(payment.getInt("amountRefunded")).isEqualTo(1000);

    String refund = "api/t/" + t.slug() + "/payments/" + payment.getString("id") + "/refund";
    assertError(
        client.post(refund, t.apiKey(), "{\"amount\":1501}"), 400, "invalid_request", "amount");
    assertError(
        client.post(refund, t.apiKey(), "{\"amount\":\"ten\"}"), 400, "invalid_request", "amount");
    assertError(client.post(refund, other.apiKey(), "{}"), 404, "not_found", null);
    assertError(
        client.post(
            "api/t/" + t.slug() + "/payments/00000000-0000-0000-0000-000000000000/refund",
            t.apiKey(),
            null),
        404,
        "not_found",
        null);
    // a valid refund goes to Stripe, which these tests cannot reach
    assertError(client.post(refund, t.apiKey(), "{\"amount\":500}"), 502, "stripe_error", null);
  }

  JsonObject onlyPayment(TestTenant t) {
    Reply r = client.get("api/t/" + t.slug() + "/payments", t.apiKey());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getJsonArray("payments")).hasSize(1);
    return r.json().getJsonArray("payments").getJsonObject(0);
  }
}
