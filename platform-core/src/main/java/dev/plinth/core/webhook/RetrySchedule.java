package dev.plinth.core.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed event is tried again: after the n-th failure, the n-th delay of the schedule, with
 * up to 10% random jitter either way so that a burst of failures does not retry in lockstep. After
 * the last delay the event is dead.
 */
public record RetrySchedule(List<Duration> delays) {

  public static final String DEFAULT = "5s,5m,30m,2h,5h,10h,10h";

  /** Parses {@code 5s,5m,30m,2h}: whole numbers with s, m, h or d. */
  public static RetrySchedule parse(String spec) {
    List<Duration> delays =
        java.util.Arrays.stream(spec.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(RetrySchedule::duration)
            .toList();
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("a retry schedule needs at least one delay");
    }
    return new RetrySchedule(delays);
  }

  /** How many attempts in all before an event is dead. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /** The delay after failed attempt {@code attempt} (1-based), or null when the event is dead. */
  public Duration delayAfter(int attempt) {
    if (attempt < 1 || attempt > delays.size()) {
      return null;
    }
    Duration base = delays.get(attempt - 1);
    long millis = base.toMillis();
    long jitter = millis / 10;
    return Duration.ofMillis(
        millis + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1)));
  }

  private static Duration duration(String s) {
    String unit = s.substring(s.length() - 1).toLowerCase(Locale.ROOT);
    long n;
    try {
      n = Long.parseLong(s.substring(0, s.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a delay: " + s);
    }
    return switch (unit) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("not a delay: " + s + " (use s, m, h or d)");
    };
  }
}
