package dev.plinth.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.core.webhook.RetrySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboxSenderTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final RetrySchedule SCHEDULE = OutboxSender.schedule(OutboxSender.DEFAULT_SCHEDULE);

  static OutboxMessage message(int attempts) {
    return new OutboxMessage(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "acme",
        "reservation.confirmed",
        "guest@example.com",
        "Your table is booked",
        "See you on Friday.",
        attempts);
  }

  @Test
  void theDefaultScheduleBacksOffThenKeepsRetryingHourly() {
    assertThat(SCHEDULE.delays())
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofHours(1));
    assertThat(OutboxSender.backoff(SCHEDULE, 1)).isBetween(seconds(27), seconds(33));
    assertThat(OutboxSender.backoff(SCHEDULE, 2)).isBetween(seconds(108), seconds(132));
    assertThat(OutboxSender.backoff(SCHEDULE, 3)).isBetween(seconds(540), seconds(660));
    for (int attempt : new int[] {4, 5, 10, 1000, Integer.MAX_VALUE}) {
      assertThat(OutboxSender.backoff(SCHEDULE, attempt)).isBetween(seconds(3240), seconds(3960));
    }
  }

  @Test
  void aFailingSenderLeavesTheMessagePendingWithTheAttemptAndErrorRecorded() {
    MailSender failing =
        (to, subject, body) -> {
          throw new IllegalStateException("connection refused");
        };
    OutboxSender.Delivery d = OutboxSender.deliver(message(0), failing, SCHEDULE, CLOCK);
    assertThat(d.sent()).isFalse();
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.error()).contains("IllegalStateException").contains("connection refused");
    assertThat(d.nextAttemptAt()).isBetween(NOW.plusSeconds(27), NOW.plusSeconds(33));
    assertThat(d.sentAt()).isNull();
  }

  @Test
  void aMessageThatKeepsFailingIsNeverGivenUp() {
    MailSender failing =
        (to, subject, body) -> {
          throw new Exception("mailbox unavailable");
        };
    for (int before = 0; before < 50; before++) {
      OutboxSender.Delivery d = OutboxSender.deliver(message(before), failing, SCHEDULE, CLOCK);
      assertThat(d.sent()).isFalse();
      assertThat(d.attempts()).isEqualTo(before + 1);
      assertThat(d.nextAttemptAt()).isAfter(NOW);
    }
  }

  @Test
  void aSuccessfulSendIsMarkedSentWithTheSendersAddressSubjectAndBody() {
    List<String> sent = new ArrayList<>();
    MailSender recording = (to, subject, body) -> sent.add(to + "|" + subject + "|" + body);
    OutboxSender.Delivery d = OutboxSender.deliver(message(2), recording, SCHEDULE, CLOCK);
    assertThat(d.sent()).isTrue();
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.sentAt()).isEqualTo(NOW);
    assertThat(d.error()).isNull();
    assertThat(sent).containsExactly("guest@example.com|Your table is booked|See you on Friday.");
  }

  @Test
  void longErrorsAreCutAndErrorsWithoutAMessageKeepTheirClass() {
    MailSender verbose =
        (to, subject, body) -> {
          throw new RuntimeException("x".repeat(10_000));
        };
    assertThat(OutboxSender.deliver(message(0), verbose, SCHEDULE, CLOCK).error())
        .hasSize(OutboxSender.MAX_ERROR_LENGTH);
    MailSender silent =
        (to, subject, body) -> {
          throw new NullPointerException();
        };
    assertThat(OutboxSender.deliver(message(0), silent, SCHEDULE, CLOCK).error())
        .isEqualTo("java.lang.NullPointerException");
  }

  @Test
  void badSchedulesAreRefused() {
    assertThatThrownBy(() -> OutboxSender.schedule(""))
        .hasMessageContaining("PLINTH_NOTIFY_RETRY_SCHEDULE");
    assertThatThrownBy(() -> OutboxSender.schedule("30s,0s")).hasMessageContaining("positive");
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
