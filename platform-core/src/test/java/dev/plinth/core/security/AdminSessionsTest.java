package dev.plinth.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminSessionsTest {

  @Test
  void theLifeIsAWholeNumberOfHours() {
    assertThat(AdminSessions.life("8")).isEqualTo(Duration.ofHours(8));
    assertThat(AdminSessions.life(" 1 ")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aBadLifeNamesItsVariable() {
    assertThatThrownBy(() -> AdminSessions.life("0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PLINTH_ADMIN_SESSION_HOURS must be from 1 to 8784; it is 0");
    assertThatThrownBy(() -> AdminSessions.life("-3"))
        .hasMessageStartingWith("PLINTH_ADMIN_SESSION_HOURS must be from 1");
    assertThatThrownBy(() -> AdminSessions.life("1.5"))
        .hasMessageStartingWith("PLINTH_ADMIN_SESSION_HOURS must be a whole number");
    assertThatThrownBy(() -> AdminSessions.life("eight"))
        .hasMessageStartingWith("PLINTH_ADMIN_SESSION_HOURS must be a whole number");
  }

  @Test
  void aSessionIsNamedByTheStartOfItsIdsHash() {
    String hash = Tokens.sha256Hex("some session id");
    assertThat(AdminSessions.shortForm(hash)).hasSize(12).isEqualTo(hash.substring(0, 12));
  }
}
