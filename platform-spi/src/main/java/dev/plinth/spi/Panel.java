package dev.plinth.spi;

import java.util.List;

/**
 * A block of figures and tables about one tenant that the admin and tenant consoles show for a
 * vertical (see {@link PlinthVertical#panels()}). Data only: the consoles lay it out and escape it.
 *
 * @param id lowercase letters, digits and dashes, unique within the vertical
 * @param title a short heading
 * @param figures headline numbers
 * @param tables lists, each with its own columns
 */
public record Panel(String id, String title, List<Figure> figures, List<Table> tables) {

  public Panel {
    if (id == null || !id.matches("[a-z][a-z0-9-]{0,39}")) {
      throw new IllegalArgumentException("a panel id is lowercase letters, digits and dashes");
    }
    figures = List.copyOf(figures);
    tables = List.copyOf(tables);
  }

  /** A panel of figures and no table. */
  public static Panel of(String id, String title, List<Figure> figures) {
    return new Panel(id, title, figures, List.of());
  }

  /**
   * One number.
   *
   * @param label what it counts, such as "Reserved items"
   * @param value the figure
   * @param unit a currency code in lowercase when {@code value} is an amount in minor units, or
   *     null for a plain count
   */
  public record Figure(String label, long value, String unit) {

    /** A plain count: a figure without a unit. */
    public static Figure count(String label, long value) {
      return new Figure(label, value, null);
    }
  }

  /**
   * A small table; every row has one cell per column, as text.
   *
   * @param title a short heading
   * @param columns the column headings
   * @param rows the rows, newest or most important first
   */
  public record Table(String title, List<String> columns, List<List<String>> rows) {

    public Table {
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException("every row needs one cell per column");
        }
      }
    }
  }
}
