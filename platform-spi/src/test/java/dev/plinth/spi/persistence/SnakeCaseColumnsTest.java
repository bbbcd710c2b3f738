package dev.plinth.spi.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnakeCaseColumnsTest {

  @Test
  void aFieldNameBecomesItsColumnName() {
    assertThat(SnakeCaseColumns.snakeCase("id")).isEqualTo("id");
    assertThat(SnakeCaseColumns.snakeCase("createdAt")).isEqualTo("created_at");
    assertThat(SnakeCaseColumns.snakeCase("checkoutSessionId")).isEqualTo("checkout_session_id");
    assertThat(SnakeCaseColumns.snakeCase("line2Amount")).isEqualTo("line2_amount");
  }
}
