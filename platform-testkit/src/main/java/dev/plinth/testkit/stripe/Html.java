package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The look of the simulator's hosted pages (checkout, billing portal): one small card, styled
 * inline, with no script and no external style or font.
 */
final class Html {

  private Html() {}

  /** An amount for the page, already escaped. */
  static String money(long minor, String currency) {
    String c = currency == null ? "" : currency.toUpperCase(Locale.ROOT);
    return esc(String.format(Locale.ROOT, "%s %d.%02d", c, minor / 100, minor % 100).trim());
  }

  /** The 404 page for a {@code what} that is not there. */
  static void notFound(HttpExchange ex, String what, String id) throws IOException {
    html(ex, 404, page("Not found", "<p>There is no " + what + " " + esc(id) + ".</p>"));
  }

  static void html(HttpExchange ex, int status, String html) throws IOException {
    Http.send(ex, status, "text/html", html, Map.of());
  }

  static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + esc(title)
        + " · Stripe simulator</title><style>"
        + "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#f6f9fc;"
        + "color:#1a1f36;margin:0;padding:2rem 1rem}"
        + "main{max-width:28rem;margin:0 auto;background:#fff;border-radius:.75rem;"
        + "box-shadow:0 2px 8px rgba(0,0,0,.08);padding:1.5rem}"
        + "h1{font-size:1.25rem;margin:0 0 1rem}h2{font-size:1.05rem;margin:1.25rem 0 .25rem}"
        + "table{width:100%;border-collapse:collapse;"
        + "margin-bottom:1rem}td,th{padding:.4rem 0;text-align:left;border-bottom:1px solid #e3e8ee}"
        + ".num{text-align:right}.total th,.total td{font-weight:700;border:0}"
        + "label{display:block;font-size:.875rem;margin:.75rem 0 .25rem}"
        + "input{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #c1c9d2;"
        + "border-radius:.375rem;font-size:1rem}"
        + "button{display:block;width:100%;margin-top:1rem;padding:.75rem;border:0;"
        + "border-radius:.375rem;background:#635bff;color:#fff;font-size:1rem;cursor:pointer}"
        + "button.secondary{background:#fff;color:#635bff;border:1px solid #635bff}"
        + "button.link{background:none;color:#4f566b;text-decoration:underline}"
        + "button:focus,input:focus{outline:3px solid #a5b4fc;outline-offset:1px}"
        + ".note{font-size:.75rem;color:#4f566b;margin-top:1.5rem}"
        + "</style></head><body><main><h1>"
        + esc(title)
        + "</h1>"
        + body
        + "</main></body></html>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
