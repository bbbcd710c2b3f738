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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Serves the verticals' web pages at {@code /t/{slug}} and {@code /t/{slug}/<page>} (see {@link
 * PlinthVertical#pages()}): the tenant's vertical picks the page; an unknown tenant or page gets a
 * plain not-found page. Pages are self-contained: no script or font from anywhere else, which a
 * strict Content-Security-Policy enforces.
 */
@WebServlet("/t/*")
public class TenantPagesServlet extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(TenantPagesServlet.class.getName());

  @Inject TenantAccess tenants;

  @Inject VerticalRegistry verticals;

  @Inject PlinthConfig config;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String[] parts = path.replaceFirst("^/", "").split("/", 2);
    String slug = parts[0];
    String page = parts.length > 1 ? parts[1].replaceFirst("/$", "") : "";
    String nonce = HtmlPages.nonce();
    try {
      Optional<Tenant> tenant = slug.isEmpty() ? Optional.empty() : tenants.findBySlug(slug);
      if (tenant.isPresent() && CONSOLE_VIEWS.matcher(page).matches()) {
        // the tenant's own console, suspended or not: it signs in by itself
        HtmlPages.send(resp, 200, console(tenant.get(), nonce), nonce);
        return;
      }
      Optional<String> html =
          tenant.flatMap(
              t ->
                  verticals
                      .find(t.vertical())
                      .map(v -> v.pages().get(page))
                      .flatMap(this::read)
                      .map(h -> fill(h, t.slug(), t.name(), apiBase(t), nonce)));
      if (html.isEmpty()) {
        HtmlPages.send(resp, 404, HtmlPages.notFound(), nonce);
      } else if (tenant.get().isSuspended()) {
        HtmlPages.send(
            resp,
            403,
            HtmlPages.message("Not available", "This shop is not taking orders just now."),
            nonce);
      } else {
        HtmlPages.send(resp, 200, html.get(), nonce);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "page " + path + " failed", e);
      HtmlPages.send(
          resp,
          503,
          HtmlPages.message("Please try again", "This page cannot be shown just now."),
          nonce);
    }
  }

  /** What {@code {{siteHeader}}} stands for: the tenant's name, linking to its front page. */
  static final String SITE_HEADER =
      "<header class=\"site\"><div class=\"page\"><strong><a id=\"tenant-name\""
          + " href=\"/t/{{slug}}\">{{tenantName}}</a></strong></div></header>";

  /**
   * What {@code {{pageScript}}} stands for: the helpers the verticals' pages share, as the global
   * {@code plinth}: {@code plinth.money(minor, currency)} formats an amount in the currency's minor
   * units ({@code 45000, "usd"} is "$450.00"). A script of the page's own, so the nonce covers it.
   */
  static final String PAGE_SCRIPT =
      "<script>\nvar plinth = {\n"
          + "  money: function (minor, currency) {\n"
          + "    var f = new Intl.NumberFormat(\"en-US\","
          + " {style: \"currency\", currency: currency.toUpperCase()});\n"
          + "    return f.format(minor / Math.pow(10, f.resolvedOptions().maximumFractionDigits));\n"
          + "  }\n};\n</script>";

  /**
   * A page as read from its jar, made a whole document once: after {@link HtmlPages#PREAMBLE}
   * unless it starts with its own doctype, with {@code {{siteHeader}}} and {@code {{pageScript}}}
   * spelled out.
   */
  static String shell(String html) {
    String page =
        html.stripLeading().regionMatches(true, 0, "<!doctype", 0, 9)
            ? html
            : HtmlPages.PREAMBLE + html;
    return page.replace("{{siteHeader}}", SITE_HEADER).replace("{{pageScript}}", PAGE_SCRIPT);
  }

  /**
   * The page as sent: its placeholders filled, HTML-escaped (a page reads any it needs in a script
   * from the DOM, never from inside a script), and its scripts marked with this response's nonce.
   */
  /** The console shell as read from the jar. */
  private final String consoleShell = HtmlPages.load(ConsoleShell.RESOURCE).orElseThrow();

  /** The tenant console's views: {@code console} is reserved (see VerticalRegistry). */
  static final Pattern CONSOLE_VIEWS =
      Pattern.compile(VerticalRegistry.CONSOLE_PAGE + "(/(webhooks|errors|payments))?");

  /** The console shell, for this tenant. */
  private String console(Tenant t, String nonce) {
    String home = "/t/" + t.slug() + "/" + VerticalRegistry.CONSOLE_PAGE;
    return ConsoleShell.fill(
        consoleShell,
        nonce,
        "tenant",
        t.slug(),
        t.name() + " console",
        home,
        List.of(
            new ConsoleShell.Link("overview", "Overview", home),
            new ConsoleShell.Link("webhooks", "Webhooks", home + "/webhooks"),
            new ConsoleShell.Link("errors", "Errors", home + "/errors"),
            new ConsoleShell.Link("payments", "Payments", home + "/payments")));
  }

  static String fill(String page, String slug, String tenantName, String apiBase, String nonce) {
    return page.replace("<script>", "<script nonce=\"" + nonce + "\">")
        .replace("{{slug}}", HtmlPages.escape(slug))
        .replace("{{tenantName}}", HtmlPages.escape(tenantName))
        .replace("{{apiBase}}", HtmlPages.escape(apiBase));
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
        : pages.computeIfAbsent(resource, r -> HtmlPages.load(r).map(TenantPagesServlet::shell));
  }
}
