package dev.plinth.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every integration test, a vertical's included: HTTP against the deployed Plinth on a
 * real Liberty and PostgreSQL, with Stripe played by the simulator. Each test makes its own
 * tenants, so tests never see each other's data. Every IT class deploys the same archive ({@link
 * ItDeployment}), so all of them share one server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class PlinthIt {

  /** The admin token of the test server's configuration. */
  public static final String ADMIN = "it-admin-token-0123456789abcdef";

  @Deployment(testable = false)
  public static WebArchive deployment() {
    return ItDeployment.load();
  }

  @ArquillianResource protected URL base;

  protected PlinthClient client;

  /** Stripe, as the tests see it. */
  protected StripeSimulator sim;

  @BeforeEach
  void connectToPlinth() throws Exception {
    client = new PlinthClient(base.toURI());
    // Stripe is there for every test, whatever the order the classes run in
    sim = SimulatedStripe.get();
    awaitReady(client);
  }

  /** Waits for a freshly deployed Plinth to finish its migrations and report ready. */
  public static void awaitReady(PlinthClient client) {
    Poll.until(
        Duration.ofSeconds(90),
        () -> client.get("health/ready", null),
        r -> r.status() == 200,
        "Plinth to become ready");
  }

  /**
   * A test that moved the platform's clock or the simulator's puts them back. A simulator left
   * ahead would refuse the next tests' checkouts: Stripe wants a session's {@code expires_at} at
   * least 30 minutes after its own now.
   */
  @AfterEach
  void resetPlatformClock() {
    if (sim != null) {
      sim.resetClock();
    }
    try {
      client.post("api/admin/clock/reset", ADMIN, null);
    } catch (RuntimeException e) {
      // a test that stopped the server or the database has nothing to reset
    }
  }

  /**
   * A new tenant of {@code vertical}, in direct mode with its own Stripe key, whose webhook
   * endpoint Plinth registered with Stripe: what a tenant has after onboarding.
   */
  protected TestTenant onboard(String vertical) {
    TestTenant t = client.onboard(ADMIN, vertical);
    Reply r = client.post("api/tenants/" + t.slug() + "/stripe/webhook-endpoint", t.apiKey(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return t;
  }

  /**
   * Registers one of the tenant's end users ({@code PUT /api/tenants/{slug}/users/{userRef}}) and
   * answers a session token for it, as the tenant's backend asks for one when its user signs in.
   */
  protected String endUser(TestTenant t, String userRef, String email) {
    Reply put =
        client.put(
            "api/tenants/" + t.slug() + "/users/" + userRef, t.apiKey(), json("email", email));
    assertThat(put.status()).as(put.body()).isIn(200, 201);
    Reply session =
        client.post(
            "api/tenants/" + t.slug() + "/user-sessions", t.apiKey(), json("userRef", userRef));
    assertThat(session.status()).as(session.body()).isEqualTo(201);
    return session.json().getString("token");
  }

  /**
   * The path of {@code path} in the tenant's area of {@code vertical}: {@code api/t/{slug}/...}.
   */
  protected static String api(TestTenant t, String vertical, String path) {
    return "api/t/" + t.slug() + "/" + vertical + (path.isEmpty() ? "" : "/" + path);
  }

  /**
   * Pays a checkout session at Stripe, as a customer on the hosted page would, and waits until
   * Plinth has processed every event the payment sent.
   */
  protected void pay(TestTenant t, String sessionId) {
    awaitProcessed(t, sim.pay(sessionId));
  }

  /** Waits until Plinth has processed (completed or skipped) each of these Stripe events. */
  protected void awaitProcessed(TestTenant t, List<Map<String, Object>> events) {
    Set<String> ids = events.stream().map(e -> (String) e.get("id")).collect(Collectors.toSet());
    Poll.until(
        () -> client.get("api/t/" + t.slug() + "/webhooks?limit=500", t.apiKey()).json(),
        page ->
            page.getJsonArray("events").stream()
                    .map(JsonValue::asJsonObject)
                    .filter(e -> ids.contains(e.getString("eventId")))
                    .filter(e -> Set.of("completed", "skipped").contains(e.getString("status")))
                    .count()
                == ids.size(),
        "Stripe events " + ids + " processed");
  }

  /** Moves the platform's clock forward (the tests' clock is put back after each test). */
  protected void advanceClock(Duration by) {
    Reply r = client.post("api/admin/clock/advance?seconds=" + by.toSeconds(), ADMIN, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /**
   * Runs a vertical's job now, for every tenant of its vertical, and asserts that it ran: answered
   * 200, reached at least one tenant, and failed for none. A test that asserts "nothing changed"
   * after a job must know the job really ran.
   */
  protected JsonObject runJob(String vertical, String name) {
    Reply run = client.post("api/admin/jobs/" + vertical + "/" + name, ADMIN, null);
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    JsonObject result = run.json();
    assertThat(result.getInt("tenants"))
        .as("tenants the job %s/%s ran for", vertical, name)
        .isPositive();
    assertThat(result.getInt("failed"))
        .as("tenants the job %s/%s failed for: %s", vertical, name, result)
        .isZero();
    return result;
  }

  /** Asserts that {@code reply} is 200 and answers its JSON body. */
  protected static JsonObject ok(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  /** Asserts that {@code reply} is 201 and answers its JSON body. */
  protected static JsonObject created(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json();
  }

  /**
   * Asserts that {@code reply} is the contract's JSON error: {@code status}, {@code {"error": code,
   * "message": ...}} naming {@code field} when it is not null, and no stack trace. Returns the body
   * for further checks.
   */
  public static JsonObject assertError(Reply reply, int status, String code, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type").orElse(""))
        .as(reply.body())
        .startsWith("application/json");
    JsonObject body = reply.json();
    assertThat(body.getString("error")).as(reply.body()).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    if (field != null) {
      assertThat(body.getString("field")).as(reply.body()).isEqualTo(field);
    }
    return body;
  }

  /**
   * A JSON object from names and values, properly escaped: {@code json("email", e, "amount", 500)}.
   * Values may be strings, numbers, booleans, null, maps (nested objects) or {@link JsonValue}s.
   */
  protected static String json(Object... namesAndValues) {
    return object(namesAndValues).build().toString();
  }

  private static JsonObjectBuilder object(Object... kv) {
    if (kv.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    JsonObjectBuilder b = Json.createObjectBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      String name = (String) kv[i];
      Object v = kv[i + 1];
      if (v == null) {
        b.addNull(name);
      } else if (v instanceof String s) {
        b.add(name, s);
      } else if (v instanceof Integer || v instanceof Long) {
        b.add(name, ((Number) v).longValue());
      } else if (v instanceof Number n) {
        b.add(name, new java.math.BigDecimal(n.toString()));
      } else if (v instanceof Boolean bool) {
        b.add(name, bool);
      } else if (v instanceof JsonValue j) {
        b.add(name, j);
      } else if (v instanceof Map<?, ?> m) {
        b.add(
            name,
            object(
                m.entrySet().stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                    .toArray()));
      } else {
        throw new IllegalArgumentException("no JSON for a " + v.getClass().getSimpleName());
      }
    }
    return b;
  }

  /** A new end user's reference, unique in the run. */
  protected static String userRef() {
    return "u-" + java.util.UUID.randomUUID();
  }

  /**
   * How many requests with this method and path the simulator took on the tenant's own Stripe
   * account (replays included).
   */
  protected long stripeRequests(TestTenant t, String method, String path) {
    String account = StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()));
    return sim.count(
        q -> q.method().equals(method) && q.path().equals(path) && account.equals(q.account()));
  }
}
