package dev.plinth.spi.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Checks for the fields of a request body, each answering 400 {@code invalid_request} naming the
 * field by its JSON name. The host already enforces a typed body's {@code @Schema} rules (required,
 * lengths, email format, minimum and maximum; see {@link #schema}); a record's compact constructor
 * calls these for what a schema cannot say (a currency, a pattern with its rule in words), and
 * {@link JsonBody} uses them for untyped bodies. A record that the code builds itself from another
 * body's fields is checked against its schema with {@link #conforming}.
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

  /**
   * {@code record} if its components keep their {@code @Schema} rules, checked as the host checks a
   * body it reads ({@link #schema}, in component order): for a record built from the fields of
   * another body, such as a new package's details within the body that also names its code.
   */
  public static <R extends Record> R conforming(R record) {
    Schema whole = record.getClass().getAnnotation(Schema.class);
    Set<String> listed = whole == null ? Set.of() : Set.of(whole.requiredProperties());
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      try {
        Schema s = record.getClass().getDeclaredField(c.getName()).getAnnotation(Schema.class);
        schema(c.getName(), s, listed.contains(c.getName()), c.getAccessor().invoke(record));
      } catch (NoSuchFieldException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c, e);
      }
    }
    return record;
  }

  /**
   * Checks one field's value (a string already trimmed) against its {@code @Schema} ({@code s},
   * possibly null), as the host does for each field of a body it reads: a field that is {@code
   * required} (or {@code listedRequired} in the record's {@code requiredProperties}) must be
   * present and, if a string, not blank; a string must not be longer than its {@code maxLength} nor
   * shorter than its {@code minLength} (a {@code minLength} of 1 refuses an optional blank string),
   * and one of {@code format = "email"} must be an email address (of at most 254 characters); a
   * whole number must lie within its {@code minimum} and {@code maximum}.
   */
  public static void schema(String field, Schema s, boolean listedRequired, Object value) {
    boolean required = listedRequired || (s != null && s.required());
    if (value == null) {
      if (required) {
        throw ApiException.invalid(field, field + " is required");
      }
    } else if (value instanceof String text) {
      checkText(s, required, text, field);
    } else if (value instanceof Number number && s != null) {
      checkRange(s, number.longValue(), field);
    }
  }

  private static void checkText(Schema s, boolean required, String value, String field) {
    int min = Math.max(required ? 1 : 0, s == null ? 0 : s.minLength());
    boolean email = s != null && "email".equals(s.format());
    // an unset maxLength is Integer.MAX_VALUE
    int max =
        s != null && s.maxLength() < Integer.MAX_VALUE
            ? s.maxLength()
            : email ? 254 : s == null ? Integer.MAX_VALUE : s.maxLength();
    if (value.length() < min) {
      throw ApiException.invalid(
          field,
          min == 1
              ? field + " must not be blank"
              : field + " must be at least " + min + " characters");
    }
    if (value.length() > max) {
      throw ApiException.invalid(field, field + " must be at most " + max + " characters");
    }
    if (email && !EMAIL.matcher(value).matches()) {
      throw ApiException.invalid(field, field + " must be an email address");
    }
  }

  private static void checkRange(Schema s, long value, String field) {
    Long min = s.minimum().isEmpty() ? null : Long.valueOf(s.minimum());
    Long max = s.maximum().isEmpty() ? null : Long.valueOf(s.maximum());
    if ((min == null || value >= min) && (max == null || value <= max)) {
      return;
    }
    String rule =
        min != null && max != null
            ? "must be " + min + " to " + max
            : min != null
                ? (min == 1 ? "must be positive" : "must be at least " + min)
                : "must be at most " + max;
    throw ApiException.invalid(field, field + " " + rule);
  }
}
