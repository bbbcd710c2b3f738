package dev.plinth.spi.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A place in a list ordered newest first by a time, then by id: the time and id of a row, the next
 * page starting strictly after it. Its text is {@code <time>_<id>}, the time as an ISO-8601 UTC
 * instant at full precision, such as {@code 2026-12-01T04:25:35.123456Z_0c9a...}; clients pass it
 * back as they got it ({@code nextBefore}). Paging by it returns each row at most once, in order,
 * even when rows share a time or new rows arrive.
 *
 * @param at the row's time
 * @param id the row's id
 */
public record Cursor(Instant at, UUID id) {

  private static final char SEPARATOR = '_';

  /** Before every row: where a list's first page starts. */
  public static final Cursor FIRST =
      new Cursor(Instant.parse("9999-01-01T00:00:00Z"), new UUID(-1, -1));

  /** {@code before}, or {@link #FIRST} when it is null. */
  public static Cursor orFirst(Cursor before) {
    return before == null ? FIRST : before;
  }

  /** The cursor {@code value}; null when none is given; 400 naming {@code field} if bad. */
  public static Cursor parse(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    int cut = value.lastIndexOf(SEPARATOR);
    try {
      if (cut < 0) {
        throw new IllegalArgumentException("no separator");
      }
      return new Cursor(
          Instant.parse(value.substring(0, cut)), UUID.fromString(value.substring(cut + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw ApiException.invalid(
          field, field + " must be the nextBefore value of the previous page");
    }
  }

  /**
   * The cursor of the page after one of {@code rows} rows ending with {@code last}: null when the
   * page was not full, so that nothing more is there.
   */
  public static String next(int rows, int limit, Cursor last) {
    return rows < limit || last == null ? null : last.toString();
  }

  @Override
  public String toString() {
    return at.toString() + SEPARATOR + id;
  }
}
