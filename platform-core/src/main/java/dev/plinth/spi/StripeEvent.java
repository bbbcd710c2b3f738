package dev.plinth.spi;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * A verified Stripe event as a vertical sees it: a read-only copy of what Stripe sent.
 *
 * @param id Stripe's event id ({@code evt_...})
 * @param type the event type, such as {@code checkout.session.completed}
 * @param created when Stripe created the event
 * @param account the connected account, for Connect events
 * @param object {@code data.object}, the Stripe object the event is about
 */
public record StripeEvent(
    String id, String type, Instant created, Optional<String> account, JsonObject object) {}
