package dev.plinth.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseErrorsTest {

  @Test
  void connectionFailuresAnywhereInTheChainAreUnavailable() {
    assertThat(DatabaseErrors.isUnavailable(new SQLException("gone", "08006"))).isTrue();
    assertThat(DatabaseErrors.isUnavailable(new SQLException("shutdown", "57P01"))).isTrue();
    assertThat(
            DatabaseErrors.isUnavailable(
                new RuntimeException("wrapped", new ConnectException("Connection refused"))))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(DatabaseErrors.isUnavailable(new SQLException("dup", "23505"))).isFalse();
    assertThat(DatabaseErrors.isUnavailable(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void describeTakesTheDeepestMessage() {
    assertThat(
            DatabaseErrors.describe(
                new RuntimeException("outer", new SQLException("Connection refused", "08001"))))
        .isEqualTo("Connection refused");
  }
}
