package dev.plinth.core.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.ApiResource;
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
    WebhookEndpoint endpoint;
    try {
      endpoint =
          stripe
              .clientFor(t)
              .v1()
              .webhookEndpoints()
              .create(
                  WebhookEndpointCreateParams.builder()
                      .setUrl(url)
                      .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                      .setDescription("Plinth: " + t.slug())
                      .build(),
                  RequestOptions.builder()
                      .setIdempotencyKey("plinth-endpoint-" + t.id() + "-" + url.hashCode())
                      .build());
    } catch (StripeException e) {
      throw stripe.failure(t, "registering the webhook endpoint", e);
    }
    if (endpoint.getSecret() == null) {
      throw new ApiException(502, "stripe_error", "Stripe returned no webhook secret");
    }
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
    int checked = 0;
    int enqueued = 0;
    String startingAfter = null;
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
        StripeResponse page = client.rawRequest(ApiResource.RequestMethod.GET, url, null);
        JsonObject list = readList(page.body());
        JsonArray data = list.getJsonArray("data");
        for (JsonValue v : data) {
          StripeEventEnvelope envelope = listed(v);
          String payload = v.toString();
          checked++;
          if (!intake.record(t, envelope, payload, "reconcile").duplicate()) {
            enqueued++;
          }
          startingAfter = envelope.id();
        }
        more = list.getBoolean("has_more", false) && !data.isEmpty();
      }
    } catch (StripeException e) {
      throw stripe.failure(t, "listing events for reconciliation", e);
    }
    if (enqueued > 0) {
      worker.kick();
    }
    return new Reconciled(checked, enqueued);
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
