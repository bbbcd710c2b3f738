package dev.plinth.testkit.stripe;

import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's {@code Idempotency-Key}: a POST repeated with the same key (by the same account) replays
 * the first answer, and the same key with other parameters is refused. Only a request that ran is
 * remembered: a refused one may be corrected and sent again under its key. Guarded by the
 * simulator's lock.
 */
final class Idempotency {

  /** The first answer to a key. */
  record Replay(String fingerprint, int status, String body, String requestId) {}

  private final Map<String, Replay> answers = new HashMap<>();

  /** Where a request's answer is remembered, or null for a request that is not idempotent. */
  static String slot(String method, String keyAccount, String stripeAccount, String idemKey) {
    if (idemKey == null || !method.equals("POST")) {
      return null;
    }
    if (idemKey.length() > 255) {
      throw StripeError.invalid(null, "Idempotency-Key must be at most 255 characters.");
    }
    return keyAccount + "|" + stripeAccount + "|" + idemKey;
  }

  /**
   * The earlier answer to the same key, or null.
   *
   * @throws StripeError Stripe's {@code idempotency_error} if the key was used with other
   *     parameters
   */
  Replay earlier(String slot, String fingerprint, String idemKey) {
    Replay earlier = slot == null ? null : answers.get(slot);
    if (earlier != null && !earlier.fingerprint().equals(fingerprint)) {
      throw new StripeError(
          400,
          "idempotency_error",
          null,
          "Keys for idempotent requests can only be used with the same parameters they"
              + " were first used with. Try using a key other than '"
              + idemKey
              + "' if you meant to execute a different request.",
          null);
    }
    return earlier;
  }

  void remember(String slot, Replay answer) {
    if (slot != null && answer.status() == 200) {
      answers.put(slot, answer);
    }
  }
}
