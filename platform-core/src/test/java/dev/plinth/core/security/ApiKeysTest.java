package dev.plinth.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void anIssuedKeyParsesAndMatchesOnlyItsOwnHash() {
    ApiKeys.Issued a = ApiKeys.issue();
    ApiKeys.Issued b = ApiKeys.issue();
    assertThat(a.key()).startsWith("plk_" + a.id() + "_");
    assertThat(a.secretHash()).hasSize(64).doesNotContain(a.key().substring(17));
    ApiKeys.Presented presented = ApiKeys.parse(a.key()).orElseThrow();
    assertThat(presented.id()).isEqualTo(a.id());
    assertThat(ApiKeys.matches(presented, a.secretHash())).isTrue();
    assertThat(ApiKeys.matches(presented, b.secretHash())).isFalse();
    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void malformedKeysDoNotParse() {
    assertThat(ApiKeys.parse(null)).isEmpty();
    assertThat(ApiKeys.parse("plk_short_x")).isEmpty();
    assertThat(ApiKeys.parse("sk_test_123")).isEmpty();
  }

  @Test
  void constantTimeEqualsComparesContent() {
    assertThat(Tokens.constantTimeEquals("abc", "abc")).isTrue();
    assertThat(Tokens.constantTimeEquals("abc", "abd")).isFalse();
    assertThat(Tokens.constantTimeEquals("abc", "abcd")).isFalse();
    assertThat(Tokens.constantTimeEquals(null, "abc")).isFalse();
  }
}
