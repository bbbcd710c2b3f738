package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's hosted checkout page, at each session's {@code url}. A person (or a browser test)
 * sees what is bought and pays by card, pays by bank debit (settled later), or cancels. Paying
 * completes the session, delivers its signed events, and redirects to {@code success_url} with
 * {@code {CHECKOUT_SESSION_ID}} filled in, as Stripe Checkout does. Self-contained: no script, no
 * external style or font.
 */
final class CheckoutPage {

  private CheckoutPage() {}

  static void serve(StripeSimulator sim, HttpExchange ex, String sessionId) throws IOException {
    Optional<StripeSimulator.PageView> found = sim.pageView(sessionId);
    if (found.isEmpty()) {
      html(
          ex,
          404,
          page("Not found", "<p>There is no checkout session " + esc(sessionId) + ".</p>"));
      return;
    }
    StripeSimulator.PageView v = found.get();
    if (ex.getRequestMethod().equals("POST")) {
      Map<String, Object> form =
          FormBody.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String action = String.valueOf(form.getOrDefault("action", "pay"));
      if (action.equals("cancel")) {
        redirect(ex, v.cancelUrl() != null ? v.cancelUrl() : "/pay/" + v.id());
        return;
      }
      try {
        sim.payFromPage(
            v.id(),
            action.equals("pay_later"),
            (String) form.get("email"),
            (String) form.get("name"));
      } catch (IllegalStateException e) {
        html(ex, 409, page("Cannot pay", "<p>" + esc(e.getMessage()) + ".</p>"));
        return;
      }
      redirect(ex, v.successUrl().replace("{CHECKOUT_SESSION_ID}", v.id()));
      return;
    }
    if (!v.status().equals("open")) {
      html(
          ex,
          v.status().equals("expired") ? 410 : 200,
          page(
              "Checkout " + v.status(),
              "<p>This checkout session is <strong>"
                  + esc(v.status())
                  + "</strong>"
                  + (v.status().equals("complete")
                      ? " (payment " + esc(v.paymentStatus()) + ")"
                      : "")
                  + ".</p>"));
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (String[] l : v.lines()) {
      lines
          .append("<tr><td>")
          .append(esc(l[0]))
          .append(" &times; ")
          .append(esc(l[1]))
          .append("</td><td class=\"num\">")
          .append(money(Long.parseLong(l[2]), v.currency()))
          .append("</td></tr>");
    }
    String body =
        "<p class=\"merchant\">Pay <strong>"
            + esc(v.merchant())
            + "</strong></p>"
            + "<table aria-label=\"What you are buying\">"
            + lines
            + "<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\" id=\"total\">"
            + money(v.total(), v.currency())
            + (v.mode().equals("subscription") ? " / period" : "")
            + "</td></tr></table>"
            + "<form method=\"post\" action=\"/pay/"
            + esc(v.id())
            + "\">"
            + "<label for=\"email\">Email</label>"
            + "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required value=\""
            + esc(v.email() == null ? "" : v.email())
            + "\">"
            + "<label for=\"name\">Name on card</label>"
            + "<input id=\"name\" name=\"name\" autocomplete=\"cc-name\">"
            + "<label for=\"card\">Card number</label>"
            + "<input id=\"card\" name=\"card\" inputmode=\"numeric\" value=\"4242 4242 4242 4242\">"
            + "<button id=\"pay\" type=\"submit\" name=\"action\" value=\"pay\">Pay "
            + money(v.total(), v.currency())
            + "</button>"
            + "<button id=\"pay-later\" class=\"secondary\" type=\"submit\" name=\"action\""
            + " value=\"pay_later\" formnovalidate>Pay by bank debit (settles later)</button>"
            + "<button id=\"cancel\" class=\"link\" type=\"submit\" name=\"action\" value=\"cancel\""
            + " formnovalidate>Cancel and return</button>"
            + "</form>"
            + "<p class=\"note\">Stripe simulator: test mode, no money moves. This session expires "
            + Instant.ofEpochSecond(v.expiresAt())
            + ".</p>";
    html(ex, 200, page("Checkout", body));
  }

  /** An amount for the page, already escaped. */
  static String money(long minor, String currency) {
    String c = currency == null ? "" : currency.toUpperCase(Locale.ROOT);
    return esc(String.format(Locale.ROOT, "%s %d.%02d", c, minor / 100, minor % 100).trim());
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(303, -1);
  }

  private static void html(HttpExchange ex, int status, String html) throws IOException {
    StripeSimulator.send(ex, status, "text/html", html, Map.of());
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + esc(title)
        + " · Stripe simulator</title><style>"
        + "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#f6f9fc;"
        + "color:#1a1f36;margin:0;padding:2rem 1rem}"
        + "main{max-width:28rem;margin:0 auto;background:#fff;border-radius:.75rem;"
        + "box-shadow:0 2px 8px rgba(0,0,0,.08);padding:1.5rem}"
        + "h1{font-size:1.25rem;margin:0 0 1rem}table{width:100%;border-collapse:collapse;"
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
