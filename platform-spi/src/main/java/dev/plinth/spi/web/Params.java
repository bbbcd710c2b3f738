package dev.plinth.spi.web;

import java.util.Arrays;

/** Query parameters that name one of a fixed set of values, such as a status filter. */
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
}
