package dev.plinth.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.JsonBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "mikes-windows",
        "a1-b2-c3",
        "x23456789012345678901234567890123456789012345678901234567890123"
      })
  void acceptsGoodSlugs(String slug) {
    assertThat(TenantRules.slug(slug)).isEqualTo(slug);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab",
        "-abc",
        "abc-",
        "ABC",
        "a_b",
        "a b",
        "ab.c",
        "x234567890123456789012345678901234567890123456789012345678901234",
        "connect",
        "admin",
        "api",
        "health"
      })
  void refusesBadOrReservedSlugs(String slug) {
    assertThatThrownBy(() -> TenantRules.slug(slug))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.details()).containsEntry("field", "slug"));
  }

  @Test
  void checksStripeSettingsForForm() {
    StripeSettings direct =
        StripeSettings.parse(
            JsonBody.parse("{\"mode\":\"direct\",\"secretKey\":\"sk_test_abcdefgh1234\"}"));
    assertThat(direct.webhookSecret()).isEmpty();
    assertThat(
            StripeSettings.parse(
                    JsonBody.parse(
                        "{\"mode\":\"direct\",\"secretKey\":\"rk_live_abcdefgh1234\","
                            + "\"webhookSecret\":\"whsec_abcdefgh1234\"}"))
                .webhookSecret())
        .contains("whsec_abcdefgh1234");
    assertThat(
            StripeSettings.parse(
                    JsonBody.parse("{\"mode\":\"connect\",\"accountId\":\"acct_1Abcdef\"}"))
                .accountId())
        .isEqualTo("acct_1Abcdef");

    assertField("{\"mode\":\"direct\",\"secretKey\":\"pk_test_abcdefgh1234\"}", "stripe.secretKey");
    assertField(
        "{\"mode\":\"direct\",\"secretKey\":\"sk_test_abcdefgh1234\",\"webhookSecret\":\"nope\"}",
        "stripe.webhookSecret");
    assertField("{\"mode\":\"connect\",\"accountId\":\"acc_1\"}", "stripe.accountId");
    assertField("{\"mode\":\"magic\"}", "stripe.mode");
    assertField("{\"mode\":\"direct\",\"secretKey\":123}", "stripe.secretKey");
  }

  @Test
  void hintsShowOnlyTheKindAndLastFour() {
    assertThat(TenantRules.keyHint("sk_test_abcdefgh1234")).isEqualTo("sk_test_...1234");
  }

  private static void assertField(String stripeJson, String field) {
    assertThatThrownBy(
            () ->
                StripeSettings.parse(
                    JsonBody.parse("{\"stripe\":" + stripeJson + "}").object("stripe")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.details()).containsEntry("field", field);
            });
  }
}
