package dev.plinth.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a vertical asks Stripe Checkout for.
 *
 * @param mode {@code payment} or {@code subscription}
 * @param reference the vertical's own reference (a reservation, a campaign order...), at most 200
 *     characters
 * @param lines what is bought
 * @param customerEmail prefilled in the checkout form; may be null
 * @param metadata the vertical's own metadata; keys starting with {@code plinth_} are reserved
 * @param successUrl where Stripe sends the customer after paying; may carry {@code
 *     {CHECKOUT_SESSION_ID}}
 * @param cancelUrl where Stripe sends a customer who gives up; may be null. Both must lead under
 *     {@code PLINTH_PUBLIC_URL} or to one of the tenant's redirect origins (see {@link
 *     BillingService#createCheckout})
 * @param expiresIn how long the session can be paid: between 30 minutes and 24 hours
 */
public record CheckoutRequest(
    Mode mode,
    String reference,
    List<CheckoutLine> lines,
    String customerEmail,
    Map<String, String> metadata,
    String successUrl,
    String cancelUrl,
    Duration expiresIn) {

  public enum Mode {
    payment,
    subscription
  }

  public static final Duration MIN_EXPIRY = Duration.ofMinutes(30);
  public static final Duration MAX_EXPIRY = Duration.ofHours(24);

  public CheckoutRequest {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if (reference == null || reference.isBlank() || reference.length() > 200) {
      throw new IllegalArgumentException("reference is required, at most 200 characters");
    }
    if (lines == null || lines.isEmpty()) {
      throw new IllegalArgumentException("at least one line is required");
    }
    if (successUrl == null || successUrl.isBlank()) {
      throw new IllegalArgumentException("successUrl is required");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (metadata.keySet().stream().anyMatch(k -> k.startsWith("plinth_"))) {
      throw new IllegalArgumentException("metadata keys starting with plinth_ are reserved");
    }
    expiresIn = expiresIn == null ? MAX_EXPIRY : expiresIn;
    if (expiresIn.compareTo(MIN_EXPIRY) < 0 || expiresIn.compareTo(MAX_EXPIRY) > 0) {
      throw new IllegalArgumentException("expiresIn must be between 30 minutes and 24 hours");
    }
    lines = List.copyOf(lines);
  }

  /** The same request with another expiry. */
  public CheckoutRequest withExpiry(Duration expiry) {
    return new CheckoutRequest(
        mode, reference, lines, customerEmail, metadata, successUrl, cancelUrl, expiry);
  }
}
