package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's hosted billing portal, at each portal session's {@code url}: the customer's
 * subscriptions, a button to cancel one at the end of its period (or to keep it after all), and a
 * link back to {@code return_url}.
 */
final class PortalPage {

  private PortalPage() {}

  static void serve(BillingPortal portal, HttpExchange ex, String sessionId) throws IOException {
    Optional<BillingPortal.View> found = portal.view(sessionId);
    if (found.isEmpty()) {
      Html.notFound(ex, "billing portal session", sessionId);
      return;
    }
    BillingPortal.View v = found.get();
    if (ex.getRequestMethod().equals("POST")) {
      Map<String, Object> form = FormBody.parse(Http.body(ex));
      try {
        portal.cancelAtPeriodEnd(
            v.id(), String.valueOf(form.get("subscription")), "cancel".equals(form.get("action")));
      } catch (IllegalArgumentException | StripeError e) {
        Html.html(ex, 409, Html.page("Cannot change", "<p>" + Html.esc(e.getMessage()) + "</p>"));
        return;
      }
      Http.redirect(ex, "/billing/" + v.id());
      return;
    }
    StringBuilder body = new StringBuilder();
    body.append("<p class=\"merchant\">")
        .append(Html.esc(v.name() == null ? "" : v.name() + " · "))
        .append(Html.esc(v.email() == null ? "" : v.email()))
        .append("</p>");
    if (v.subscriptions().isEmpty()) {
      body.append("<p>You have no subscriptions.</p>");
    }
    for (BillingPortal.Line s : v.subscriptions()) {
      body.append("<section aria-label=\"Subscription\"><h2>")
          .append(Html.esc(s.description()))
          .append("</h2><p>")
          .append(Html.money(s.amount(), s.currency()))
          .append(" every ")
          .append(
              Html.esc(s.interval().startsWith("1 ") ? s.interval().substring(2) : s.interval()))
          .append(" · <strong class=\"status\">")
          .append(Html.esc(s.status()))
          .append("</strong></p>");
      if (!s.status().equals("canceled")) {
        String date =
            Instant.ofEpochSecond(s.periodEnd()).atZone(ZoneOffset.UTC).toLocalDate().toString();
        body.append("<p>")
            .append(s.cancelAtPeriodEnd() ? "Ends on " : "Renews on ")
            .append(date)
            .append(".</p><form method=\"post\" action=\"/billing/")
            .append(Html.esc(v.id()))
            .append("\"><input type=\"hidden\" name=\"subscription\" value=\"")
            .append(Html.esc(s.id()))
            .append("\">")
            .append(
                s.cancelAtPeriodEnd()
                    ? "<button class=\"secondary\" name=\"action\" value=\"renew\">Keep subscription</button>"
                    : "<button class=\"secondary\" name=\"action\" value=\"cancel\">Cancel at period end</button>")
            .append("</form>");
      }
      body.append("</section>");
    }
    if (v.returnUrl() != null) {
      body.append("<p><a id=\"return\" href=\"")
          .append(Html.esc(v.returnUrl()))
          .append("\">Return to the site</a></p>");
    }
    body.append("<p class=\"note\">Stripe simulator: test mode billing portal.</p>");
    Html.html(ex, 200, Html.page("Billing", body.toString()));
  }
}
