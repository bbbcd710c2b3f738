package dev.plinth.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for an asynchronous outcome (a deployment becoming ready, a webhook being processed) by
 * asking again every 50 ms. It never waits for a scheduled delay: tests move the clock for that.
 */
public final class Poll {

  private Poll() {}

  /** Asks {@code probe} until {@code done} holds, for at most {@code limit}; returns the answer. */
  public static <T> T until(Duration limit, Callable<T> probe, Predicate<T> done, String what) {
    Instant deadline = Instant.now().plus(limit);
    T last = null;
    while (true) {
      try {
        last = probe.call();
      } catch (Exception e) {
        throw new AssertionError("while waiting for " + what + ": " + e, e);
      }
      if (last != null && done.test(last)) {
        return last;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The same, with a 60 s limit. */
  public static <T> T until(Callable<T> probe, Predicate<T> done, String what) {
    return until(Duration.ofSeconds(60), probe, done, what);
  }
}
