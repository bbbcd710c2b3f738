package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
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

  static void serve(Checkouts checkouts, HttpExchange ex, String sessionId) throws IOException {
    Optional<Checkouts.PageView> found = checkouts.pageView(sessionId);
    if (found.isEmpty()) {
      Html.notFound(ex, "checkout session", sessionId);
      return;
    }
    Checkouts.PageView v = found.get();
    if (ex.getRequestMethod().equals("POST")) {
      Map<String, Object> form = FormBody.parse(Http.body(ex));
      String action = String.valueOf(form.getOrDefault("action", "pay"));
      if (action.equals("cancel")) {
        Http.redirect(ex, v.cancelUrl() != null ? v.cancelUrl() : "/pay/" + v.id());
        return;
      }
      try {
        checkouts.payFromPage(
            v.id(),
            action.equals("pay_later"),
            (String) form.get("email"),
            (String) form.get("name"));
      } catch (IllegalStateException e) {
        Html.html(ex, 409, Html.page("Cannot pay", "<p>" + Html.esc(e.getMessage()) + ".</p>"));
        return;
      }
      Http.redirect(ex, v.successUrl().replace("{CHECKOUT_SESSION_ID}", v.id()));
      return;
    }
    if (!v.status().equals("open")) {
      Html.html(
          ex,
          v.status().equals("expired") ? 410 : 200,
          Html.page(
              "Checkout " + v.status(),
              "<p>This checkout session is <strong>"
                  + Html.esc(v.status())
                  + "</strong>"
                  + (v.status().equals("complete")
                      ? " (payment " + Html.esc(v.paymentStatus()) + ")"
                      : "")
                  + ".</p>"));
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (String[] l : v.lines()) {
      lines
          .append("<tr><td>")
          .append(Html.esc(l[0]))
          .append(" &times; ")
          .append(Html.esc(l[1]))
          .append("</td><td class=\"num\">")
          .append(Html.money(Long.parseLong(l[2]), v.currency()))
          .append("</td></tr>");
    }
    String body =
        "<p class=\"merchant\">Pay <strong>"
            + Html.esc(v.merchant())
            + "</strong></p>"
            + "<table aria-label=\"What you are buying\">"
            + lines
            + "<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\" id=\"total\">"
            + Html.money(v.total(), v.currency())
            + (v.mode().equals("subscription") ? " / period" : "")
            + "</td></tr></table>"
            + "<form method=\"post\" action=\"/pay/"
            + Html.esc(v.id())
            + "\">"
            + "<label for=\"email\">Email</label>"
            + "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required value=\""
            + Html.esc(v.email() == null ? "" : v.email())
            + "\">"
            + "<label for=\"name\">Name on card</label>"
            + "<input id=\"name\" name=\"name\" autocomplete=\"cc-name\">"
            + "<label for=\"card\">Card number</label>"
            + "<input id=\"card\" name=\"card\" inputmode=\"numeric\" value=\"4242 4242 4242 4242\">"
            + "<button id=\"pay\" type=\"submit\" name=\"action\" value=\"pay\">Pay "
            + Html.money(v.total(), v.currency())
            + "</button>"
            + "<button id=\"pay-later\" class=\"secondary\" type=\"submit\" name=\"action\""
            + " value=\"pay_later\" formnovalidate>Pay by bank debit (settles later)</button>"
            + "<button id=\"cancel\" class=\"link\" type=\"submit\" name=\"action\" value=\"cancel\""
            + " formnovalidate>Cancel and return</button>"
            + "</form>"
            + "<p class=\"note\">Stripe simulator: test mode, no money moves. This session expires "
            + Instant.ofEpochSecond(v.expiresAt())
            + ".</p>";
    Html.html(ex, 200, Html.page("Checkout", body));
  }
}
