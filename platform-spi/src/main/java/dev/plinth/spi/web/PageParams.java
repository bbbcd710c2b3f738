package dev.plinth.spi.web;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of a list read a page at a time, newest first: {@code before}, the previous
 * page's {@code nextBefore} (none: the first page), and {@code limit}, the most rows. A resource
 * method takes them as {@code @BeanParam PageParams page} and passes {@link #before()} and {@link
 * #limit(int, int)} to {@code Repository.page}.
 */
public class PageParams {

  @QueryParam("before")
  @Parameter(description = "the nextBefore of the previous page; none: the first page")
  String before;

  @QueryParam("limit")
  @Parameter(description = "the most rows on the page")
  Integer limit;

  /** The cursor; null for the first page; 400 {@code invalid_request} naming {@code before}. */
  public Cursor before() {
    return Cursor.parse(before, "before");
  }

  /**
   * The limit asked for, or {@code byDefault} when none is; 400 {@code invalid_request} naming
   * {@code limit} ("limit must be 1 to {@code max}") outside 1 to {@code max}.
   */
  public int limit(int byDefault, int max) {
    int n = limit == null ? byDefault : limit;
    if (n < 1 || n > max) {
      throw ApiException.invalid("limit", "limit must be 1 to " + max);
    }
    return n;
  }
}
