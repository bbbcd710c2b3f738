package dev.plinth.core.errorlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

  @Test
  void repeatsWithOtherIdsAndNumbersShareAFingerprint() {
    String a = Fingerprints.of(Category.webhook, "event evt_1AbCdEfGh failed after 3 tries", null);
    String b = Fingerprints.of(Category.webhook, "event evt_9ZyXwVuTs failed after 12 tries", null);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void otherCategoriesMessagesOrExceptionsDiffer() {
    String base = Fingerprints.of(Category.api, "boom", new IllegalStateException("x"));
    assertThat(Fingerprints.of(Category.vertical, "boom", new IllegalStateException("x")))
        .isNotEqualTo(base);
    assertThat(Fingerprints.of(Category.api, "bang", new IllegalStateException("x")))
        .isNotEqualTo(base);
    assertThat(Fingerprints.of(Category.api, "boom", new IllegalArgumentException("x")))
        .isNotEqualTo(base);
  }
}
