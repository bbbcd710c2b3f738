package dev.plinth.spi.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** Query parameters: one of a fixed set of values, such as a status filter, or a time. */
public final class Params {

  private Params() {}

  /**
   * The constant of {@code type} named {@code value}; null when no value is given; 400 {@code
   * invalid_request} naming {@code field} and the allowed values otherwise.
   */
  public static <E extends Enum<E>> E oneOf(Class<E> type, String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    E[] values = type.getEnumConstants();
    return Arrays.stream(values)
        .filter(v -> v.name().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.invalid(field, field + " must be one of " + Arrays.toString(values)));
  }

  /**
   * A filter of {@link #oneOf} values: the one constant named, or all of them when no value is
   * given.
   */
  public static <E extends Enum<E>> List<E> oneOrAll(Class<E> type, String value, String field) {
    E one = oneOf(type, value, field);
    return one == null ? List.of(type.getEnumConstants()) : List.of(one);
  }

  /**
   * The instant an ISO-8601 date-time with an offset names ({@code 2026-12-01T04:00:00Z}, {@code
   * 2026-12-01T05:00:00.5+01:00}); null when no value is given; 400 {@code invalid_request} naming
   * {@code field} otherwise. Note that a {@code +} in a query string must be sent as {@code %2B}.
   */
  public static Instant instant(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          field,
          field + " must be an ISO-8601 date-time with an offset, such as 2026-01-31T12:00Z");
    }
  }
}
