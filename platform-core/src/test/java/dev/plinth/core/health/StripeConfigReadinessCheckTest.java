package dev.plinth.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.core.config.PlinthConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StripeConfigReadinessCheckTest {

  static List<String> problems(String connectWebhookSecret) {
    return StripeConfigReadinessCheck.problems(
        "https://api.stripe.com",
        Optional.of("sk_test_platform12345"),
        PlinthConfig.secretList(Optional.ofNullable(connectWebhookSecret)));
  }

  @Test
  void aConnectSecretListDuringARotationIsReady() {
    assertThat(problems("whsec_oldsecret123")).isEmpty();
    assertThat(problems("whsec_newsecret456, whsec_oldsecret123")).isEmpty();
    assertThat(problems(null)).isEmpty();
  }

  @Test
  void aListWithAnyBadEntryIsNotReadyAndSaysWhyWithoutTheSecret() {
    assertThat(problems("whsec_newsecret456,sk_test_oops12345678"))
        .singleElement()
        .asString()
        .contains("STRIPE_CONNECT_WEBHOOK_SECRET")
        .doesNotContain("whsec_newsecret456")
        .doesNotContain("oops");
    assertThat(problems("whsec_short")).hasSize(1);
  }
}
