package dev.plinth.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogMailSenderTest {

  @Test
  void logsOneInfoLineWithKindTenantRecipientAndSubjectButNotTheBody() {
    Logger logger = Logger.getLogger(LogMailSender.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level level = logger.getLevel();
    logger.addHandler(handler);
    logger.setLevel(Level.INFO);
    try {
      new LogMailSender()
          .send(
              new OutboxMessage(
                  UUID.randomUUID(),
                  UUID.randomUUID(),
                  "acme",
                  "account.sign-in",
                  "owner@example.com",
                  "Your sign-in link",
                  "https://example.com/sign-in?token=secret-token",
                  0));
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(records.get(0).getMessage())
        .contains("account.sign-in", "acme", "owner@example.com", "Your sign-in link")
        .doesNotContain("secret-token");
  }
}
