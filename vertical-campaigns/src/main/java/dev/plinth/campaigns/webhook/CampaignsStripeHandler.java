package dev.plinth.campaigns.webhook;

import dev.plinth.campaigns.application.CampaignService;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.billing.StripeEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;

/**
 * The Stripe events the vertical acts on: a paid checkout (at once, or when a delayed payment
 * succeeds) schedules a campaign; a declined delayed payment or an expired checkout marks the
 * purchase failed or expired; a full refund cancels a campaign that has not launched.
 */
@ApplicationScoped
public class CampaignsStripeHandler {

  @Inject CampaignService campaigns;

  public Map<String, StripeEventHandler> handlers() {
    return Map.of(
        "checkout.session.completed",
        (e, t) -> {
          if ("paid".equals(e.text("payment_status"))) {
            paid(e).ifPresent(campaigns::paid);
          }
        },
        "checkout.session.async_payment_succeeded",
        (e, t) -> paid(e).ifPresent(campaigns::paid),
        "checkout.session.async_payment_failed",
        (e, t) -> ended(e, Purchase.Status.failed),
        "checkout.session.expired",
        (e, t) -> ended(e, Purchase.Status.expired),
        "charge.refunded",
        (e, t) -> {
          String pi = e.idOf("payment_intent");
          if (pi != null && e.object().get("refunded") == JsonValue.TRUE) {
            campaigns.refunded(pi);
          }
        });
  }

  private void ended(StripeEvent e, Purchase.Status outcome) {
    if (e.isFor("campaigns")) {
      campaigns.ended(e.text("id"), e.reference(), outcome);
    }
  }

  /** A paid session of this vertical, as the service needs it. */
  static Optional<CampaignService.Paid> paid(StripeEvent e) {
    if (!e.isFor("campaigns")) {
      return Optional.empty();
    }
    JsonObject details =
        e.object().get("customer_details") instanceof JsonObject d
            ? d
            : JsonValue.EMPTY_JSON_OBJECT;
    return Optional.of(
        new CampaignService.Paid(
            e.text("id"),
            e.reference(),
            e.idOf("payment_intent"),
            e.idOf("customer"),
            Optional.ofNullable(StripeEvent.text(details, "email"))
                .orElse(e.text("customer_email")),
            e.created()));
  }
}
