package dev.plinth.spi.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list ordered newest first by {@link Cursor}, as {@code Repository.page(jpql,
 * before, limit, ...)} reads it.
 *
 * @param rows the page's rows, newest first
 * @param nextBefore the cursor of the next page ({@code before}); null when this page was not full,
 *     so that nothing more is there
 * @param <T> a row
 */
public record Page<T>(List<T> rows, String nextBefore) {

  /** The same page with each row turned into its view (the next page's cursor unchanged). */
  public <R> Page<R> map(Function<? super T, ? extends R> view) {
    return new Page<>(rows.stream().<R>map(view).toList(), nextBefore);
  }
}
