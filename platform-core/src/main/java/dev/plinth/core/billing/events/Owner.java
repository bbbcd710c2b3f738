package dev.plinth.core.billing.events;

import dev.plinth.core.billing.StripeJson;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * The vertical a Stripe object belongs to, and its reference there: read from the {@code plinth_*}
 * metadata Plinth puts on its checkouts (and on their payment intents and subscriptions), or from
 * the host's records of the checkout that made it.
 *
 * @param vertical the vertical's id
 * @param reference the vertical's reference ({@code CheckoutRequest.reference()})
 * @param checkoutSessionId the checkout that made the object, if known
 */
public record Owner(String vertical, String reference, String checkoutSessionId) {

  /** The owner that Plinth's metadata names, if it names one. */
  public static Optional<Owner> fromMetadata(JsonObject metadata, String checkoutSessionId) {
    return StripeJson.text(metadata, "plinth_vertical")
        .flatMap(
            vertical ->
                StripeJson.text(metadata, "plinth_reference")
                    .map(reference -> new Owner(vertical, reference, checkoutSessionId)));
  }
}
