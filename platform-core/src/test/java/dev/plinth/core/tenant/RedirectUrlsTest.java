package dev.plinth.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrlsTest {

  static final String PUBLIC = "http://localhost:9080";
  static final List<String> SHOP = List.of("https://shop.example.com");

  static void allowed(String url, String publicUrl, List<String> origins) {
    assertThatCode(() -> RedirectUrls.check("successUrl", url, publicUrl, origins))
        .as(url)
        .doesNotThrowAnyException();
  }

  static void refused(String field, String url, String publicUrl, List<String> origins) {
    assertThatThrownBy(() -> RedirectUrls.check(field, url, publicUrl, origins))
        .as(url)
        .isInstanceOf(ApiException.class)
        .satisfies(
            e -> {
              ApiException api = (ApiException) e;
              assertThat(api.status()).isEqualTo(400);
              assertThat(api.code()).isEqualTo("invalid_request");
              assertThat(api.details()).containsEntry("field", field);
              assertThat(api.getMessage()).startsWith(field);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:9080/t/mikes/success?session_id={CHECKOUT_SESSION_ID}",
        "http://localhost:9080",
        "http://localhost:9080/",
        "http://LOCALHOST:9080/api/t/x/reservations/portal",
        "HTTP://localhost:9080/x#done",
        "https://shop.example.com/thanks?s={CHECKOUT_SESSION_ID}",
        "https://shop.example.com",
        "https://SHOP.Example.COM/x",
        "https://shop.example.com:443/thanks",
      })
  void acceptsThePublicUrlAndTheTenantsOrigins(String url) {
    allowed(url, PUBLIC, SHOP);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://shop.example.com.evil.net/thanks",
        "https://shop.example.com@evil.net/thanks",
        "https://evil.net@shop.example.com/thanks",
        "https://user:pw@shop.example.com/thanks",
        "//evil.net/thanks",
        "//shop.example.com/thanks",
        "javascript:alert(1)",
        "JavaScript://shop.example.com/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://localhost:9080.evil.net/x",
        "http://localhost:9080@evil.net/x",
        "http://localhost:90800/x",
        "http://localhost:9081/x",
        "https://localhost:9080/x",
        "http://localhost/x",
        "http://shop.example.com/thanks",
        "https://shop.example.com:8443/thanks",
        "https://evil.net/https://shop.example.com",
        "https://evil.net/?next=http://localhost:9080",
        "ftp://shop.example.com/x",
        "/relative/path",
        "shop.example.com/thanks",
        "https:/shop.example.com/thanks",
        "https:shop.example.com",
        "https://shop.example.com\\@evil.net/",
        "https://evil.net\\shop.example.com",
        " https://shop.example.com/thanks",
        "https://shop.example.com/thanks\n",
        "https://shop.example.com/th anks",
        "",
      })
  void refusesEverythingElse(String url) {
    refused("successUrl", url, PUBLIC, SHOP);
    refused("cancelUrl", url, PUBLIC, SHOP);
  }

  @Test
  void withoutAnAllowListOnlyThePublicUrlIsAccepted() {
    allowed("http://localhost:9080/t/x", PUBLIC, List.of());
    refused("successUrl", "https://shop.example.com/thanks", PUBLIC, List.of());
    // a missing cancel URL is the vertical's own business
    allowed(null, PUBLIC, List.of());
  }

  @Test
  void underThePublicUrlMeansUnderItsPathToo() {
    String base = "https://example.com/plinth";
    allowed("https://example.com/plinth", base, List.of());
    allowed("https://example.com/plinth/", base, List.of());
    allowed("https://example.com:443/plinth/t/x?session_id={CHECKOUT_SESSION_ID}", base, List.of());
    refused("successUrl", "https://example.com/plinthevil", base, List.of());
    refused("successUrl", "https://example.com/other", base, List.of());
    refused("successUrl", "https://example.com/", base, List.of());
    refused("successUrl", "https://example.com/plinth/../admin", base, List.of());
    refused("successUrl", "https://example.com/plinth/%2e%2e/admin", base, List.of());
    refused("successUrl", "https://example.com/plinth/./x", base, List.of());
    refused("successUrl", "https://example.com.evil.net/plinth/x", base, List.of());
    // a public URL with a trailing slash, or a default port, means the same
    allowed("https://example.com/plinth/x", "https://example.com:443/plinth/", List.of());
    allowed("http://localhost:80/x", "http://localhost", List.of());
  }

  @Test
  void anAllowListEntryIsAnHttpsOriginAndIsKeptNormalised() {
    assertThat(RedirectUrls.origin("https://Shop.Example.com:443/"))
        .isEqualTo("https://shop.example.com");
    assertThat(RedirectUrls.origin("https://b.example:8443")).isEqualTo("https://b.example:8443");
    assertThat(RedirectUrls.origin("HTTPS://b.example")).isEqualTo("https://b.example");
    for (String bad :
        List.of(
            "http://shop.example.com",
            "https://shop.example.com/path",
            "https://shop.example.com?x=1",
            "https://shop.example.com#x",
            "https://user@shop.example.com",
            "https://",
            "//shop.example.com",
            "javascript:alert(1)",
            "shop.example.com",
            "https://shop.example.com:99999",
            "")) {
      assertThatThrownBy(() -> RedirectUrls.origin(bad))
          .as(bad)
          .isInstanceOf(ApiException.class)
          .satisfies(
              e -> assertThat(((ApiException) e).details()).containsEntry("field", "origins"));
    }
  }
}
