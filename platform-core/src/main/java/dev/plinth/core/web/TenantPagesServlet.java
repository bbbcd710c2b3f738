package dev.plinth.core.web;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.PlinthVertical;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the verticals' web pages at {@code /t/{slug}} and {@code /t/{slug}/<page>} (see {@link
 * PlinthVertical#pages()}): the tenant's vertical picks the page; an unknown tenant or page gets a
 * plain not-found page. Pages are self-contained: no script or font from anywhere else, which a
 * strict Content-Security-Policy enforces.
 */
@WebServlet("/t/*")
public class TenantPagesServlet extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(TenantPagesServlet.class.getName());

  /** Only this response's own scripts run; styles come from Plinth's style sheet. */
  static String csp(String nonce) {
    return "default-src 'self'; script-src 'nonce-"
        + nonce
        + "'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self';"
        + " frame-ancestors 'none'; base-uri 'none'";
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  @Inject TenantAccess tenants;

  @Inject VerticalRegistry verticals;

  @Inject PlinthConfig config;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String[] parts = path.replaceFirst("^/", "").split("/", 2);
    String slug = parts[0];
    String page = parts.length > 1 ? parts[1].replaceFirst("/$", "") : "";
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    String nonce = java.util.Base64.getEncoder().encodeToString(bytes);
    try {
      Optional<Tenant> tenant = slug.isEmpty() ? Optional.empty() : tenants.findBySlug(slug);
      Optional<String> html =
          tenant.flatMap(
              t ->
                  verticals
                      .find(t.vertical())
                      .map(v -> v.pages().get(page))
                      .flatMap(this::read)
                      .map(h -> fill(h, t.slug(), t.name(), apiBase(t), nonce)));
      if (html.isEmpty()) {
        send(resp, 404, notFound(), nonce);
      } else if (tenant.get().isSuspended()) {
        send(
            resp, 403, message("Not available", "This shop is not taking orders just now."), nonce);
      } else {
        send(resp, 200, html.get(), nonce);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "page " + path + " failed", e);
      send(resp, 503, message("Please try again", "This page cannot be shown just now."), nonce);
    }
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

  /** What {@code {{siteHeader}}} stands for: the tenant's name, linking to its front page. */
  static final String SITE_HEADER =
      "<header class=\"site\"><div class=\"page\"><strong><a id=\"tenant-name\""
          + " href=\"/t/{{slug}}\">{{tenantName}}</a></strong></div></header>";

  /**
   * A page as read from its jar, made a whole document once: after the {@link #PREAMBLE} unless it
   * starts with its own doctype, with {@code {{siteHeader}}} spelled out.
   */
  static String shell(String html) {
    String page =
        html.stripLeading().regionMatches(true, 0, "<!doctype", 0, 9) ? html : PREAMBLE + html;
    return page.replace("{{siteHeader}}", SITE_HEADER);
  }

  /**
   * The page as sent: its placeholders filled, HTML-escaped (a page reads any it needs in a script
   * from the DOM, never from inside a script), and its scripts marked with this response's nonce.
   */
  static String fill(String page, String slug, String tenantName, String apiBase, String nonce) {
    return page.replace("<script>", "<script nonce=\"" + nonce + "\">")
        .replace("{{slug}}", escape(slug))
        .replace("{{tenantName}}", escape(tenantName))
        .replace("{{apiBase}}", escape(apiBase));
  }

  private String apiBase(Tenant t) {
    return config.publicUrl() + "/api/t/" + t.slug();
  }

  /**
   * Pages as read from their jars, in their shell: they do not change while the application runs.
   */
  private final Map<String, Optional<String>> pages = new ConcurrentHashMap<>();

  private Optional<String> read(String resource) {
    return resource == null
        ? Optional.empty()
        : pages.computeIfAbsent(resource, r -> load(r).map(TenantPagesServlet::shell));
  }

  private static Optional<String> load(String resource) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void send(HttpServletResponse resp, int status, String html, String nonce)
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
}
