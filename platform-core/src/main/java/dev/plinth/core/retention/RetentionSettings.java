package dev.plinth.core.retention;

import java.time.Duration;

/**
 * What retention keeps and how it works, read from {@code PLINTH_RETENTION_DAYS}, {@code
 * PLINTH_RETENTION_BATCH_SIZE} and {@code PLINTH_RETENTION_INTERVAL_MINUTES}; a bad value stops the
 * start with a message that names the variable.
 *
 * @param age how old a finished row must be before it goes
 * @param batchSize rows per transaction
 * @param interval how often the job runs; zero means never on its own (an admin can still run it)
 */
public record RetentionSettings(Duration age, int batchSize, Duration interval) {

  /**
   * How long a webhook event's id is kept, whatever the age: Stripe retries a delivery for up to
   * three days and its Events API, which reconciliation reads, reaches back 30 days. An event that
   * arrives again within that window must still be found, and answered as a duplicate.
   */
  public static final Duration DUPLICATE_WINDOW = Duration.ofDays(30);

  static final int MAX_BATCH = 100_000;

  /** Parses the three variables' values, refusing anything out of range. */
  public static RetentionSettings parse(String days, String batchSize, String intervalMinutes) {
    long d = number("PLINTH_RETENTION_DAYS", days, 1, 36_500);
    long b = number("PLINTH_RETENTION_BATCH_SIZE", batchSize, 1, MAX_BATCH);
    long i = number("PLINTH_RETENTION_INTERVAL_MINUTES", intervalMinutes, 0, 7 * 24 * 60);
    return new RetentionSettings(Duration.ofDays(d), (int) b, Duration.ofMinutes(i));
  }

  /** How long an event's row (and so its id) is kept: the age, but never less than the window. */
  public Duration eventIdAge() {
    return age.compareTo(DUPLICATE_WINDOW) >= 0 ? age : DUPLICATE_WINDOW;
  }

  private static long number(String name, String value, long min, long max) {
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalStateException(
          name + " must be a whole number from " + min + " to " + max + "; it is '" + value + "'");
    }
    if (n < min || n > max) {
      throw new IllegalStateException(
          name + " must be from " + min + " to " + max + "; it is " + n);
    }
    return n;
  }
}
