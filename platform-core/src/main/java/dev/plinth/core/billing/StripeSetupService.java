package dev.plinth.core.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.ApiResource;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.param.WebhookEndpointCreateParams;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.core.webhook.StripeEventEnvelope;
import dev.plinth.core.webhook.WebhookIntake;
import dev.plinth.core.webhook.WebhookWorker;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to Stripe about a tenant's webhooks: registers Plinth's URL and stores the secret Stripe
 * returns, and reconciles, enqueuing any recent event that never arrived.
 */
@ApplicationScoped
public class StripeSetupService {

  @Inject TenantStripe stripe;

  @Inject TenantService tenants;

  @Inject WebhookIntake intake;

  @Inject WebhookWorker worker;

  @Inject ConnectedAccounts connectedAccounts;

  @Inject PlinthConfig config;

  @Inject Clock clock;

  /** The registered endpoint. */
  public record Registered(String endpointId, String url) {}

  /** What reconciliation found. */
  public record Reconciled(int checked, int enqueued) {}

  public Registered registerWebhookEndpoint(Tenant t) {
    if (t.stripeMode() == Tenant.StripeMode.connect) {
      throw new ApiException(
          400,
          "invalid_request",
          "a Connect tenant's events arrive through the platform's Connect endpoint");
    }
    String url = config.publicUrl() + "/api/webhooks/stripe/" + t.slug();
    WebhookEndpoint endpoint = register(t, url, false);
    tenants.rotateWebhookSecret(
        t,
        JsonBody.parse(
            Json.createObjectBuilder()
                .add("webhookSecret", endpoint.getSecret())
                .build()
                .toString()));
    return new Registered(endpoint.getId(), url);
  }

  /**
   * Registers the tenant's Connect endpoint ({@code connect=true} on the tenant's own account),
   * which Stripe sends every event of the tenant's connected accounts to, and stores its secret.
   * One endpoint serves all the accounts: Plinth routes each event by its {@code account}.
   */
  public Registered registerConnectWebhookEndpoint(Tenant t) {
    ConnectedAccounts.requirePlatform(t);
    String url = config.publicUrl() + "/api/webhooks/stripe/" + t.slug() + "/connect";
    WebhookEndpoint endpoint = register(t, url, true);
    tenants.rotateConnectWebhookSecret(t, endpoint.getSecret());
    return new Registered(endpoint.getId(), url);
  }

  private WebhookEndpoint register(Tenant t, String url, boolean connect) {
    WebhookEndpoint endpoint;
    try {
      WebhookEndpointCreateParams.Builder params =
          WebhookEndpointCreateParams.builder()
              .setUrl(url)
              .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
              .setDescription("Plinth: " + t.slug() + (connect ? " (connected accounts)" : ""));
      if (connect) {
        params.setConnect(true);
      }
      endpoint =
          stripe
              .clientFor(t)
              .v1()
              .webhookEndpoints()
              .create(
                  params.build(),
                  RequestOptions.builder()
                      .setIdempotencyKey("plinth-endpoint-" + t.id() + "-" + url.hashCode())
                      .build());
    } catch (StripeException e) {
      throw stripe.failure(
          t, "registering the " + (connect ? "Connect " : "") + "webhook endpoint", e);
    }
    if (endpoint.getSecret() == null) {
      throw new ApiException(502, "stripe_error", "Stripe returned no webhook secret");
    }
    return endpoint;
  }

  /**
   * Lists the tenant's Stripe events of the last {@code days} and records any never received. The
   * events are read as raw JSON, page by page, so that what is recorded is exactly what Stripe
   * would have delivered (stripe-java's typed list keeps no raw JSON of its items).
   */
  public Reconciled reconcile(Tenant t, int days) {
    if (days < 1 || days > 30) {
      throw ApiException.invalid("days", "days must be between 1 and 30 (Stripe keeps 30)");
    }
    long since = clock.instant().minus(Duration.ofDays(days)).getEpochSecond();
    StripeClient client = stripe.clientFor(t);
    int[] counts = {0, 0};
    reconcile(t, client, since, null, counts);
    if (t.stripeMode() == Tenant.StripeMode.direct) {
      // a direct charge's events live on its connected account: each bound one is read too, and
      // each unbound one (its earlier payments' refunds and disputes are still the tenant's)
      for (ConnectedAccounts.Row account : connectedAccounts.list(t)) {
        if (account.bound() || account.unbound()) {
          try {
            reconcile(t, client, since, account.accountId(), counts);
          } catch (ApiException e) {
            // already in the error log: one account Stripe refuses (say, one that disconnected
            // from the platform) does not keep the others from being read
          }
        }
      }
    }
    if (counts[1] > 0) {
      worker.kick();
    }
    return new Reconciled(counts[0], counts[1]);
  }

  /**
   * Records the events of one account (the tenant's own when {@code account} is null, else a
   * connected account's, read with {@code Stripe-Account}); counts go to {@code counts} as checked
   * and enqueued.
   */
  private void reconcile(Tenant t, StripeClient client, long since, String account, int[] counts) {
    String startingAfter = null;
    RawRequestOptions.RawRequestOptionsBuilder options = RawRequestOptions.builder();
    if (account != null) {
      options.setStripeAccount(account);
    }
    try {
      boolean more = true;
      while (more) {
        String url =
            "/v1/events?limit=100&created%5Bgte%5D="
                + since
                + (startingAfter == null
                    ? ""
                    : "&starting_after="
                        + URLEncoder.encode(startingAfter, StandardCharsets.UTF_8));
        StripeResponse page =
            client.rawRequest(ApiResource.RequestMethod.GET, url, null, options.build());
        JsonObject list = readList(page.body());
        JsonArray data = list.getJsonArray("data");
        for (JsonValue v : data) {
          JsonValue item = v;
          if (account != null
              && item.getValueType() == JsonValue.ValueType.OBJECT
              && !item.asJsonObject().containsKey("account")) {
            // as the Connect endpoint would have delivered it: naming its account
            item = Json.createObjectBuilder(item.asJsonObject()).add("account", account).build();
          }
          StripeEventEnvelope envelope = listed(item);
          String payload = item.toString();
          counts[0]++;
          if (!intake.record(t, envelope, payload, "reconcile").duplicate()) {
            counts[1]++;
          }
          startingAfter = envelope.id();
        }
        more = list.getBoolean("has_more", false) && !data.isEmpty();
      }
    } catch (StripeException e) {
      throw stripe.failure(
          t, "listing events for reconciliation" + (account == null ? "" : " of " + account), e);
    }
  }

  /** A page of Stripe's events list; one that is not shaped like a list is Stripe's fault. */
  private static JsonObject readList(String body) {
    try (JsonReader r = Json.createReader(new StringReader(body))) {
      JsonObject list = r.readObject();
      if (list.get("data") instanceof JsonArray) {
        return list;
      }
    } catch (JsonException e) {
      // not JSON: answered below
    }
    throw new ApiException(
        502, "stripe_error", "Stripe: the events list could not be read", Map.of());
  }

  /**
   * An event from Stripe's list; one not shaped like an event is Stripe's fault, not the caller's.
   */
  private static StripeEventEnvelope listed(JsonValue item) {
    try {
      if (item.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new ApiException(400, "invalid_request", "not a JSON object");
      }
      return StripeEventEnvelope.of(item.asJsonObject());
    } catch (ApiException e) {
      throw new ApiException(
          502,
          "stripe_error",
          "Stripe: an event in the list is malformed (" + e.getMessage() + ")",
          Map.of());
    }
  }
}
