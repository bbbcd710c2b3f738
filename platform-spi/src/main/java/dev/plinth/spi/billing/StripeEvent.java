package dev.plinth.spi.billing;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * A verified Stripe event as a vertical sees it: a read-only copy of what Stripe sent, for the raw
 * {@link StripeEventHandler}s of event types that no {@link PaymentListener} method covers. Unlike
 * the typed events, a raw event is not filtered: the handler decides whether it is the vertical's.
 *
 * @param id Stripe's event id ({@code evt_...})
 * @param type the event type, such as {@code customer.updated}
 * @param created when Stripe created the event
 * @param account the connected account, for Connect events
 * @param object {@code data.object}, the Stripe object the event is about
 */
public record StripeEvent(
    String id, String type, Instant created, Optional<String> account, JsonObject object) {}
