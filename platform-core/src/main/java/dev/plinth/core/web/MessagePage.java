package dev.plinth.core.web;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * A plain page of the host's, answered by a JAX-RS resource where a person arrives in a browser
 * (coming back from Stripe, say): a title, a sentence and, if given, one link onwards (shown as a
 * button); with the same Content-Security-Policy and headers as every page Plinth serves ({@link
 * HtmlPages}).
 */
public final class MessagePage {

  private MessagePage() {}

  public static Response of(int status, String title, String text) {
    return of(status, title, text, null, null);
  }

  /** The page, with a button to {@code href} labelled {@code label} when {@code href} is set. */
  public static Response of(int status, String title, String text, String href, String label) {
    String html = HtmlPages.message(title, text);
    if (href != null) {
      html =
          html.replace(
              "</p></main>",
              "</p><p><a class=\"button\" href=\""
                  + HtmlPages.escape(href)
                  + "\">"
                  + HtmlPages.escape(label)
                  + "</a></p></main>");
    }
    return Response.status(status)
        .type("text/html; charset=utf-8")
        .header("Content-Security-Policy", HtmlPages.csp(HtmlPages.nonce()))
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-store")
        // bytes, not a String: RESTEasy's MessageSanitizerContainerResponseFilter HTML-escapes a
        // String entity of any text/html response whose status is not 200, so that a browser
        // showed an error page's markup as text
        .entity(html.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
