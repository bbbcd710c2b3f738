package dev.plinth.core.billing;

import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.RequestOptions;
import com.stripe.param.EventListParams;
import com.stripe.param.WebhookEndpointCreateParams;
import dev.plinth.core.api.JsonBody;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.core.webhook.StripeEventEnvelope;
import dev.plinth.core.webhook.WebhookIntake;
import dev.plinth.core.webhook.WebhookWorker;
import dev.plinth.spi.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Clock;
import java.time.Duration;

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

  /** Lists the tenant's Stripe events of the last {@code days} and records any never received. */
  public Reconciled reconcile(Tenant t, int days) {
    if (days < 1 || days > 30) {
      throw ApiException.invalid("days", "days must be between 1 and 30 (Stripe keeps 30)");
    }
    long since = clock.instant().minus(Duration.ofDays(days)).getEpochSecond();
    int checked = 0;
    int enqueued = 0;
    try {
      for (Event event :
          stripe
              .clientFor(t)
              .v1()
              .events()
              .list(
                  EventListParams.builder()
                      .setCreated(EventListParams.Created.builder().setGte(since).build())
                      .setLimit(100L)
                      .build())
              .autoPagingIterable()) {
        String payload = event.getRawJsonObject().toString();
        StripeEventEnvelope envelope = StripeEventEnvelope.parse(payload);
        checked++;
        if (!intake.record(t, envelope, payload, "reconcile").duplicate()) {
          enqueued++;
        }
      }
    } catch (StripeException e) {
      throw stripe.failure(t, "listing events for reconciliation", e);
    }
    if (enqueued > 0) {
      worker.kick();
    }
    return new Reconciled(checked, enqueued);
  }
}
