package dev.plinth.core.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Serves the platform admin console at {@code /admin}: one HTML shell for each of its views, whose
 * script ({@code /assets/console.js}) reads the view from the address and draws it from the admin
 * API. Each view is a real address, so that links, the back button and bookmarks work. The shell
 * holds no data and needs no sign-in: the script asks {@code GET /api/admin/session} and shows the
 * sign-in form when there is no session. The pages have the tenants' pages' strict policy: nothing
 * from another origin, and only the scripts this response names with its nonce.
 */
@WebServlet(urlPatterns = {"/admin", "/admin/*"})
public class AdminConsoleServlet extends HttpServlet {

  /** The console's views, relative to {@code /admin}; a trailing slash is allowed. */
  static final Pattern VIEWS =
      Pattern.compile("/?|/(webhooks|errors|tenants|jobs|audit)/?|/(webhooks|tenants)/[^/]+/?");

  static final String SHELL = ConsoleShell.RESOURCE;

  static final List<ConsoleShell.Link> NAV =
      List.of(
          new ConsoleShell.Link("overview", "Overview", "/admin"),
          new ConsoleShell.Link("webhooks", "Webhooks", "/admin/webhooks"),
          new ConsoleShell.Link("errors", "Errors", "/admin/errors"),
          new ConsoleShell.Link("tenants", "Tenants", "/admin/tenants"),
          new ConsoleShell.Link("jobs", "Jobs", "/admin/jobs"),
          new ConsoleShell.Link("audit", "Audit", "/admin/audit"));

  private static final String NONCE = "{{nonce}}";

  /** The admin console's shell, filled once but for each response's nonce. */
  private String shell;

  @Override
  public void init() {
    shell =
        page(
            HtmlPages.load(SHELL).orElseThrow(() -> new IllegalStateException("no " + SHELL)),
            NONCE);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String nonce = HtmlPages.nonce();
    if (isView(req.getPathInfo())) {
      HtmlPages.send(resp, 200, shell.replace(NONCE, nonce), nonce);
    } else {
      HtmlPages.send(resp, 404, HtmlPages.notFound(), nonce);
    }
  }

  static boolean isView(String pathInfo) {
    return VIEWS.matcher(pathInfo == null ? "" : pathInfo).matches();
  }

  /** The shell as sent: the admin console's, its scripts marked with this response's nonce. */
  static String page(String shell, String nonce) {
    return ConsoleShell.fill(shell, nonce, "admin", "", "Plinth console", "/admin", NAV);
  }
}
