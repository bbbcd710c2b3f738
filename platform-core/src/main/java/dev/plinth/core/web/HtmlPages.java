package dev.plinth.core.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * What every HTML page Plinth serves shares, the tenants' pages and the admin console alike: a
 * fresh nonce per response, one strict Content-Security-Policy (nothing from another origin, only
 * the response's own scripts), the same security headers, and the host's plain message pages.
 */
final class HtmlPages {

  private static final SecureRandom RANDOM = new SecureRandom();

  private HtmlPages() {}

  /** Only this response's own scripts run; styles come from Plinth's style sheets. */
  static String csp(String nonce) {
    return "default-src 'self'; script-src 'nonce-"
        + nonce
        + "'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self';"
        + " frame-ancestors 'none'; base-uri 'none'";
  }

  /** A new nonce for one response's scripts. */
  static String nonce() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * What the host puts before a page that does not start a document of its own: the doctype, the
   * language, the character set, the viewport and the shared style sheet. The page goes on with its
   * {@code <title>} (HTML needs no {@code <head>} or {@code <body>} tags around them).
   */
  static final String PREAMBLE =
      """
      <!doctype html>
      <html lang="en">
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <link rel="stylesheet" href="/assets/plinth.css">
      """;

  static void send(HttpServletResponse resp, int status, String html, String nonce)
      throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html; charset=utf-8");
    resp.setHeader("Content-Security-Policy", csp(nonce));
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Referrer-Policy", "no-referrer");
    resp.setHeader("Cache-Control", "no-store");
    resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
  }

  static String notFound() {
    return message("Page not found", "There is no such page here. Check the link you followed.");
  }

  static String message(String title, String text) {
    return PREAMBLE
        + "<title>"
        + escape(title)
        + "</title>\n<main class=\"page\"><h1>"
        + escape(title)
        + "</h1><p>"
        + escape(text)
        + "</p></main>\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  /** A text resource of the context class loader (a page in a jar), if there is one. */
  static Optional<String> load(String resource) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
