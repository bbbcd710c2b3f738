package dev.plinth.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void sealsAndOpens() {
    SecretBox box = new SecretBox(KEY);
    String sealed = box.seal("sk_test_abc", "tenant-1:stripe-key");
    assertThat(sealed).startsWith("v1:").doesNotContain("sk_test_abc");
    assertThat(box.open(sealed, "tenant-1:stripe-key")).isEqualTo("sk_test_abc");
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    SecretBox box = new SecretBox(KEY);
    assertThat(box.seal("x", "a")).isNotEqualTo(box.seal("x", "a"));
  }

  @Test
  void refusesOtherAssociatedDataAnotherKeyAndTampering() {
    SecretBox box = new SecretBox(KEY);
    String sealed = box.seal("secret", "tenant-1:webhook");
    assertThatThrownBy(() -> box.open(sealed, "tenant-2:webhook"))
        .isInstanceOf(IllegalStateException.class);
    byte[] other = new byte[32];
    other[0] = 1;
    SecretBox otherBox = new SecretBox(Base64.getEncoder().encodeToString(other));
    assertThatThrownBy(() -> otherBox.open(sealed, "tenant-1:webhook"))
        .isInstanceOf(IllegalStateException.class);
    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length - 20] ^= 1;
    String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
    assertThatThrownBy(() -> box.open(tampered, "tenant-1:webhook"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesKeysOfTheWrongSizeWithAClearMessage() {
    assertThatThrownBy(() -> new SecretBox("not base64!")).hasMessageContaining("not base64");
    assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[10])))
        .hasMessageContaining("16, 24 or 32 bytes");
  }
}
