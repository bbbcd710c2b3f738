package dev.plinth.core.api;

import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Cursor;
import dev.plinth.spi.web.Params;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The part of a log that one page of a list endpoint shows, from the {@code from}, {@code to} and
 * {@code before} query parameters. Such a list is ordered newest first by a time column, and rows
 * with the same time by id, descending, so that the order is total and stable.
 *
 * <ul>
 *   <li>{@code from} (inclusive) and {@code to} (exclusive) are ISO-8601 date-times with an offset
 *       that bound the time column;
 *   <li>{@code before} is the {@code nextBefore} cursor of the previous page: the page goes on
 *       strictly after that page's last row, in the list's order.
 * </ul>
 *
 * A cursor is {@code <time>_<id>}: the last row's time as an ISO-8601 UTC instant at full
 * precision, then its id, such as {@code 2026-12-01T04:25:35.123456Z_0c9a...}. Clients pass it back
 * as they got it. Paging with it returns each row at most once, in order, even while new rows
 * arrive; a row whose time moves (an error that recurs) moves to the top of the list.
 *
 * @param from the earliest time, or null
 * @param to the time before which rows end, or null
 * @param before the cursor, or null for the first page
 */
public record ListWindow(Instant from, Instant to, Cursor before) {

  /** No bounds and no cursor: the first page of everything. */
  public static final ListWindow ALL = new ListWindow(null, null, null);

  public ListWindow {
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("to", "to must be after from");
    }
  }

  /** The window of these query parameters; 400 {@code invalid_request} naming a bad one. */
  public static ListWindow of(String from, String to, String before) {
    return new ListWindow(
        Params.instant(from, "from"), Params.instant(to, "to"), Cursor.parse(before, "before"));
  }

  /**
   * Appends this window's conditions ({@code AND ...}) on {@code timeColumn} and {@code idColumn}
   * to native SQL whose parameters are positional ({@code ?1}, {@code ?2}, ...), adding their
   * values to {@code params}.
   */
  public void appendConditions(
      StringBuilder sql, List<Object> params, String timeColumn, String idColumn) {
    if (from != null) {
      params.add(Timestamp.from(from));
      sql.append(" AND ").append(timeColumn).append(" >= ?").append(params.size());
    }
    if (to != null) {
      params.add(Timestamp.from(to));
      sql.append(" AND ").append(timeColumn).append(" < ?").append(params.size());
    }
    if (before != null) {
      params.add(Timestamp.from(before.at()));
      int at = params.size();
      params.add(before.id());
      sql.append(" AND (")
          .append(timeColumn)
          .append(", ")
          .append(idColumn)
          .append(") < (?")
          .append(at)
          .append(", ?")
          .append(params.size())
          .append(")");
    }
  }

  /** {@code ORDER BY} the list's order, then {@code LIMIT} (a positional parameter of its own). */
  public static void appendOrder(
      StringBuilder sql, List<Object> params, String timeColumn, String idColumn, int limit) {
    params.add(limit);
    sql.append(" ORDER BY ")
        .append(timeColumn)
        .append(" DESC, ")
        .append(idColumn)
        .append(" DESC LIMIT ?")
        .append(params.size());
  }

  /**
   * The cursor of the page after one of {@code rows} rows ending with {@code last}; null when the
   * page was not full, so that nothing more is there.
   */
  public static String next(int rows, int limit, Cursor last) {
    return Cursor.next(rows, limit, last);
  }

  /**
   * A page of a list as the API answers it: {@code {"<key>": items}}, with {@code "nextBefore"}
   * (see {@link #next}) when the page of {@code rows} rows ending with {@code last} is full.
   */
  public static JsonObjectBuilder page(
      String key, JsonArrayBuilder items, int rows, int limit, Cursor last) {
    JsonObjectBuilder page = Json.createObjectBuilder().add(key, items);
    String next = next(rows, limit, last);
    if (next != null) {
      page.add("nextBefore", next);
    }
    return page;
  }
}
