package dev.plinth.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantPagesTest {

  static final String PAGE =
      "<title>{{tenantName}}: tips</title>\n"
          + "<body data-slug=\"{{slug}}\">\n"
          + "{{siteHeader}}\n"
          + "<main class=\"page\" data-api=\"{{apiBase}}\"></main>\n"
          + "<script>go()</script>\n";

  @Test
  void aPageGetsTheSharedPreambleAndHeaderWithItsPlaceholdersEscaped() {
    String html =
        TenantPagesServlet.fill(
            TenantPagesServlet.shell(PAGE),
            "acme",
            "Tom & <Jerry>",
            "http://x/api/t/acme",
            "N0nce");

    assertThat(html)
        .startsWith("<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">")
        .contains("<link rel=\"stylesheet\" href=\"/assets/plinth.css\">\n<title>")
        .contains("<title>Tom &amp; &lt;Jerry&gt;: tips</title>")
        .contains("<body data-slug=\"acme\">")
        .contains(
            "<header class=\"site\"><div class=\"page\"><strong><a id=\"tenant-name\""
                + " href=\"/t/acme\">Tom &amp; &lt;Jerry&gt;</a></strong></div></header>")
        .contains("data-api=\"http://x/api/t/acme\"")
        .contains("<script nonce=\"N0nce\">go()</script>")
        .doesNotContain("{{");
  }

  @Test
  void aPageThatAsksForTheSharedHelpersGetsThemAsOneOfItsOwnScripts() {
    String html =
        TenantPagesServlet.fill(
            TenantPagesServlet.shell("<title>t</title>\n{{pageScript}}\n<script>go()</script>"),
            "acme",
            "Acme",
            "",
            "N0nce");
    assertThat(html)
        .contains("<script nonce=\"N0nce\">\nvar plinth = {\n  money: function (minor, currency)")
        .contains("<script nonce=\"N0nce\">go()</script>")
        .doesNotContain("{{");
  }

  @Test
  void aPageWithItsOwnDoctypeIsSentAsItIs() {
    String own = "<!DOCTYPE html>\n<html><head><title>{{slug}}</title></head></html>";
    assertThat(TenantPagesServlet.fill(TenantPagesServlet.shell(own), "acme", "Acme", "", "n"))
        .isEqualTo("<!DOCTYPE html>\n<html><head><title>acme</title></head></html>");
  }

  @Test
  void theHostsOwnMessagesUseTheSamePreamble() {
    assertThat(HtmlPages.notFound())
        .startsWith(HtmlPages.PREAMBLE + "<title>Page not found</title>");
  }
}
