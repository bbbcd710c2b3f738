package dev.plinth.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens, hashes and constant-time comparison. */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A URL-safe random string carrying {@code bytes} bytes of entropy. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String sha256Hex(String value) {
    return HexFormat.of().formatHex(sha256(value));
  }

  /**
   * Compares two secrets in time that depends on neither's content nor length: both are hashed
   * first, so the comparison is always of two 32-byte digests.
   */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }

  /** Compares two hex digests in constant time. */
  public static boolean digestEquals(String hexA, String hexB) {
    if (hexA == null || hexB == null) {
      return false;
    }
    return MessageDigest.isEqual(
        hexA.getBytes(StandardCharsets.US_ASCII), hexB.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
