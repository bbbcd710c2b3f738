package dev.plinth.testkit.stripe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook payload as Stripe does: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<payload>" keyed with the whole secret, whsec_ included>}, with one {@code v1} per active
 * secret (while a secret is being rolled, both are active).
 */
public final class WebhookSigner {

  private WebhookSigner() {}

  /** The {@code Stripe-Signature} header for {@code payload} at {@code timestamp}. */
  public static String header(String payload, long timestamp, String... secrets) {
    StringBuilder header = new StringBuilder("t=").append(timestamp);
    for (String secret : secrets) {
      header.append(",v1=").append(hmac(secret, timestamp + "." + payload));
    }
    return header.toString();
  }

  static String hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
