package dev.plinth.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminConsoleTest {

  @Test
  void eachViewHasItsOwnAddressAndAnythingElseIsNotFound() {
    for (String view :
        new String[] {
          null,
          "/",
          "/webhooks",
          "/webhooks/",
          "/webhooks/0c9a7b1e-5b7e-4d7e-9f4c-2f1d8e6a9b10",
          "/errors",
          "/tenants",
          "/tenants/acme-windows",
          "/jobs",
          "/audit/"
        }) {
      assertThat(AdminConsoleServlet.isView(view)).as(view).isTrue();
    }
    for (String other :
        new String[] {
          "/nothing", "/errors/x", "/webhooks/a/b", "/tenants//", "/assets/console.js"
        }) {
      assertThat(AdminConsoleServlet.isView(other)).as(other).isFalse();
    }
  }

  @Test
  void theShellRunsOnlyPlinthsOwnScriptsWithTheResponsesNonce() {
    String shell = HtmlPages.load(AdminConsoleServlet.SHELL).orElseThrow();
    String page = AdminConsoleServlet.page(shell, "N0nce");

    assertThat(page)
        .startsWith("<!doctype html>")
        .contains("<script nonce=\"N0nce\" src=\"/assets/chart.js\" defer></script>")
        .contains("<script nonce=\"N0nce\" src=\"/assets/console.js\" defer></script>")
        .contains("<link rel=\"stylesheet\" href=\"/assets/console.css\">")
        .doesNotContain("{{")
        // nothing from another origin, and no inline script or style for the policy to allow
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("style=")
        .doesNotContain("<style");
    assertThat(page.split("<script", -1)).hasSize(3);
    assertThat(page.split("></script>", -1)).hasSize(3);
    // live regions for what the script says, and the main landmark to skip to
    assertThat(page)
        .contains("id=\"alert\" class=\"alert\" role=\"alert\"")
        .contains("role=\"status\" aria-live=\"polite\"")
        .contains("<a id=\"skip\" class=\"skip\" href=\"#main\">");
  }

  @Test
  void theConsoleHasTheTenantPagesPolicy() {
    assertThat(HtmlPages.csp("abc"))
        .contains("default-src 'self'")
        .contains("script-src 'nonce-abc';")
        .contains("style-src 'self';")
        .contains("frame-ancestors 'none'");
  }

  @Test
  void aTenantsConsoleIsTheSameShellWithItsOwnNameAndLinksEscaped() {
    String shell = HtmlPages.load(ConsoleShell.RESOURCE).orElseThrow();
    String page =
        ConsoleShell.fill(
            shell,
            "N0nce",
            "tenant",
            "acme",
            "<b>Acme & Co</b> console",
            "/t/acme/console",
            List.of(new ConsoleShell.Link("payments", "Payments", "/t/acme/console/payments")));

    assertThat(page)
        .contains("<body class=\"console\" data-console=\"tenant\" data-slug=\"acme\">")
        .contains("<title>&lt;b&gt;Acme &amp; Co&lt;/b&gt; console</title>")
        .contains("<a class=\"brand\" href=\"/t/acme/console\">&lt;b&gt;Acme &amp; Co")
        .contains("<li><a href=\"/t/acme/console/payments\" data-view=\"payments\">Payments</a>")
        .doesNotContain("/admin")
        .doesNotContain("{{");
    assertThat(TenantPagesServlet.CONSOLE_VIEWS.matcher("console/payments").matches()).isTrue();
    assertThat(TenantPagesServlet.CONSOLE_VIEWS.matcher("console/jobs").matches()).isFalse();
  }
}
