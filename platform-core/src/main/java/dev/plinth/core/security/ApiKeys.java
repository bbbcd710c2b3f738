package dev.plinth.core.security;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tenant API keys: {@code plk_<id>_<secret>}. The id is public and looks the key up; only the
 * SHA-256 of the secret is stored, so a leaked table opens nothing.
 */
public final class ApiKeys {

  private static final Pattern FORMAT = Pattern.compile("plk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A newly issued key: the full key is shown once; the id and hash are stored. */
  public record Issued(String key, String id, String secretHash) {}

  /** A presented key, split into its parts. */
  public record Presented(String id, String secret) {}

  public static Issued issue() {
    StringBuilder id = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
    }
    String secret = Tokens.random(32);
    return new Issued("plk_" + id + "_" + secret, id.toString(), Tokens.sha256Hex(secret));
  }

  public static Optional<Presented> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(key);
    return m.matches() ? Optional.of(new Presented(m.group(1), m.group(2))) : Optional.empty();
  }

  public static boolean matches(Presented presented, String storedHash) {
    return Tokens.digestEquals(Tokens.sha256Hex(presented.secret()), storedHash);
  }
}
