package dev.plinth.spi.web;

import java.util.Locale;

/**
 * Checks for the fields of a request body, each answering 400 {@code invalid_request} naming the
 * field by its JSON name. The host already enforces a typed body's {@code @Schema} rules (required,
 * lengths, email format, minimum and maximum); a record's compact constructor calls these for what
 * a schema cannot say (a currency, a pattern with its rule in words), and {@link JsonBody} uses
 * them for untyped bodies.
 *
 * <pre>{@code
 * public record NewTip(String name, Long amount) {
 *   public NewTip {
 *     name = Fields.text("name", name, 200);
 *     amount = Fields.range("amount", amount, 1, 100_000);
 *   }
 * }
 * }</pre>
 */
public final class Fields {

  private Fields() {}

  /** A required value: 400 "{@code field} is required" when it is absent or null. */
  public static <T> T required(String field, T value) {
    if (value == null) {
      throw ApiException.invalid(field, field + " is required");
    }
    return value;
  }

  /** A required string of at most {@code max} characters, trimmed; blank is refused. */
  public static String text(String field, String value, int max) {
    return required(field, optionalText(field, value, max));
  }

  /** An optional string of at most {@code max} characters, trimmed; null when absent. */
  public static String optionalText(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    String s = value.trim();
    if (s.isEmpty()) {
      throw ApiException.invalid(field, field + " must not be blank");
    }
    if (s.length() > max) {
      throw ApiException.invalid(field, field + " must be at most " + max + " characters");
    }
    return s;
  }

  /** What passes for an email address: something, an at sign, a domain with a dot. */
  public static final java.util.regex.Pattern EMAIL =
      java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** A required email address, trimmed. */
  public static String email(String field, String value) {
    String s = text(field, value, 254);
    if (!EMAIL.matcher(s).matches()) {
      throw ApiException.invalid(field, field + " must be an email address");
    }
    return s;
  }

  /** A required ISO 4217 currency code, lowercased as Stripe wants it. */
  public static String currency(String field, String value) {
    String s = text(field, value, Integer.MAX_VALUE).toLowerCase(Locale.ROOT);
    if (!s.matches("[a-z]{3}")) {
      throw ApiException.invalid(field, field + " must be a three-letter currency code");
    }
    return s;
  }

  /** A required string that matches {@code regex}; {@code rule} says what it must be. */
  public static String matching(String field, String value, int max, String regex, String rule) {
    String s = text(field, value, max);
    if (!s.matches(regex)) {
      throw ApiException.invalid(field, field + " " + rule);
    }
    return s;
  }

  /** A required whole number above zero, such as an amount in minor units. */
  public static long positive(String field, Long value) {
    if (required(field, value) <= 0) {
      throw ApiException.invalid(field, field + " must be positive");
    }
    return value;
  }

  /** A required whole number from {@code min} to {@code max}. */
  public static long range(String field, Long value, long min, long max) {
    return required(field, optionalRange(field, value, min, max));
  }

  /** An optional whole number from {@code min} to {@code max}; null when absent. */
  public static Long optionalRange(String field, Long value, long min, long max) {
    if (value != null && (value < min || value > max)) {
      throw ApiException.invalid(field, field + " must be " + min + " to " + max);
    }
    return value;
  }
}
