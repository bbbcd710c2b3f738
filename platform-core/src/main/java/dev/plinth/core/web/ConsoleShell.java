package dev.plinth.core.web;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one HTML shell of both consoles, the platform admin's at {@code /admin} and each tenant's at
 * {@code /t/{slug}/console}: its brand, home, navigation and which console it is ({@code
 * data-console}, {@code data-slug}), which {@code /assets/console.js} reads to pick its API and
 * views. Every value is HTML-escaped; the shell holds no data.
 */
final class ConsoleShell {

  static final String RESOURCE = "dev/plinth/core/web/console.html";

  /** A navigation link: the view it opens, its text and its address. */
  record Link(String view, String label, String href) {}

  private ConsoleShell() {}

  /**
   * The shell as sent: filled for one console, its scripts marked with this response's nonce.
   *
   * @param console {@code admin} or {@code tenant}
   * @param slug the tenant's slug; empty for the admin console
   */
  static String fill(
      String shell,
      String nonce,
      String console,
      String slug,
      String brand,
      String home,
      List<Link> nav) {
    String links =
        nav.stream()
            .map(
                l ->
                    "        <li><a href=\""
                        + HtmlPages.escape(l.href())
                        + "\" data-view=\""
                        + l.view()
                        + "\">"
                        + HtmlPages.escape(l.label())
                        + "</a></li>\n")
            .collect(Collectors.joining());
    return shell
        .replace("{{nonce}}", nonce)
        .replace("{{console}}", console)
        .replace("{{slug}}", HtmlPages.escape(slug))
        .replace("{{brand}}", HtmlPages.escape(brand))
        .replace("{{home}}", HtmlPages.escape(home))
        .replace("{{nav}}", links);
  }
}
