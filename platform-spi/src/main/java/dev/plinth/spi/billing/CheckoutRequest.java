package dev.plinth.spi.billing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a vertical asks Stripe Checkout for. Build one with {@link #payment} or {@link
 * #subscription}:
 *
 * <pre>{@code
 * CheckoutRequest.payment(order.id().toString())
 *     .line(CheckoutLine.item("Tip", 500, "usd"))
 *     .email(email)
 *     .successUrl(tenant.pageUrl("thanks?session_id={CHECKOUT_SESSION_ID}"))
 *     .build();
 * }</pre>
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
 * @param expiresIn how long the session can be paid: between {@link #MIN_EXPIRY} and {@link
 *     #MAX_EXPIRY}; the maximum when null
 * @param customerId an existing Stripe customer ({@code cus_...}) of the tenant's, who pays with
 *     what Stripe already knows of them; null for a new or anonymous customer. The customer must be
 *     one the tenant's own records link to the buyer (a user's earlier checkout, say), never an id
 *     a caller typed.
 * @param connected the connected account the money goes to, and how ({@link ConnectedCharge}); null
 *     for the tenant's own account
 */
public record CheckoutRequest(
    Mode mode,
    String reference,
    List<CheckoutLine> lines,
    String customerEmail,
    Map<String, String> metadata,
    String successUrl,
    String cancelUrl,
    Duration expiresIn,
    String customerId,
    ConnectedCharge connected) {

  public enum Mode {
    payment,
    subscription
  }

  /** The shortest time Stripe lets a session be paid in. */
  public static final Duration MIN_EXPIRY = Duration.ofMinutes(30);

  /** The longest, and the default. */
  public static final Duration MAX_EXPIRY = Duration.ofHours(24);

  /**
   * A vertical's configured expiry, checked when it starts, so that a bad setting stops the start
   * rather than every checkout: {@code expiry} if it is within {@link #MIN_EXPIRY} and {@link
   * #MAX_EXPIRY}, an {@link IllegalStateException} naming the {@code setting} otherwise.
   */
  public static Duration checkExpiry(String setting, Duration expiry) {
    if (!isAllowed(expiry)) {
      throw new IllegalStateException(
          setting
              + " must be between "
              + MIN_EXPIRY.toMinutes()
              + " and "
              + MAX_EXPIRY.toMinutes()
              + " minutes, not "
              + expiry.toMinutes());
    }
    return expiry;
  }

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
    if (!isAllowed(expiresIn)) {
      throw new IllegalArgumentException("expiresIn must be between 30 minutes and 24 hours");
    }
    lines = List.copyOf(lines);
    if (connected != null && mode != Mode.payment) {
      throw new IllegalArgumentException("a connected charge is for one-off payments only");
    }
  }

  private static boolean isAllowed(Duration expiry) {
    return expiry.compareTo(MIN_EXPIRY) >= 0 && expiry.compareTo(MAX_EXPIRY) <= 0;
  }

  /** A one-off payment for the vertical's {@code reference}. */
  public static Builder payment(String reference) {
    return new Builder(Mode.payment, reference);
  }

  /**
   * A subscription for the vertical's {@code reference}: the subscription carries the reference in
   * its metadata, so that its later events reach the vertical as {@link
   * PaymentEvent.SubscriptionChanged} and the invoice events with it.
   */
  public static Builder subscription(String reference) {
    return new Builder(Mode.subscription, reference);
  }

  /** Builds a {@link CheckoutRequest}; {@link #build()} checks it. */
  public static final class Builder {
    private final Mode mode;
    private final String reference;
    private final List<CheckoutLine> lines = new ArrayList<>();
    private String email;
    private Map<String, String> metadata = Map.of();
    private String successUrl;
    private String cancelUrl;
    private Duration expiresIn;
    private String customerId;
    private ConnectedCharge connected;

    private Builder(Mode mode, String reference) {
      this.mode = mode;
      this.reference = reference;
    }

    public Builder line(CheckoutLine line) {
      lines.add(line);
      return this;
    }

    public Builder email(String email) {
      this.email = email;
      return this;
    }

    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    public Builder successUrl(String url) {
      this.successUrl = url;
      return this;
    }

    public Builder cancelUrl(String url) {
      this.cancelUrl = url;
      return this;
    }

    public Builder expiresIn(Duration expiresIn) {
      this.expiresIn = expiresIn;
      return this;
    }

    public Builder customer(String customerId) {
      this.customerId = customerId;
      return this;
    }

    /** Takes the payment on one of the tenant's connected accounts; see {@link ConnectedCharge}. */
    public Builder onAccount(ConnectedCharge connected) {
      this.connected = connected;
      return this;
    }

    public CheckoutRequest build() {
      return new CheckoutRequest(
          mode,
          reference,
          lines,
          email,
          metadata,
          successUrl,
          cancelUrl,
          expiresIn,
          customerId,
          connected);
    }
  }
}
