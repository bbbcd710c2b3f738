package dev.plinth.core.health;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a readiness check's work only so long: with the database gone, a query waits for the
 * pool's connection timeout, longer than a load balancer waits for /health/ready.
 */
final class Bounded {

  /** What the work returned, or threw, or that it did not answer in time. */
  sealed interface Outcome<T> {}

  record Done<T>(T value) implements Outcome<T> {}

  record Failed<T>(Throwable error) implements Outcome<T> {}

  record Late<T>(Duration limit) implements Outcome<T> {}

  private Bounded() {}

  /** Waits for {@code future} until {@code deadline} (a {@link System#nanoTime()} value). */
  static <T> Outcome<T> await(Future<T> future, long deadline, Duration limit) {
    try {
      return new Done<>(
          future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Late<>(limit);
    } catch (ExecutionException e) {
      return new Failed<>(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed<>(e);
    }
  }

  /** The value, or what {@code failed} makes of the error, or {@code late}'s answer. */
  static <T> T orElse(
      Outcome<T> outcome,
      java.util.function.Function<Throwable, T> failed,
      java.util.function.Supplier<T> late) {
    if (outcome instanceof Done<T> done) {
      return done.value();
    }
    if (outcome instanceof Failed<T> f) {
      return failed.apply(f.error());
    }
    return late.get();
  }

  /** What went wrong, for an outcome that is not {@link Done}. */
  static String error(Outcome<?> outcome, java.util.function.Function<Throwable, String> failed) {
    return outcome instanceof Failed<?> f
        ? failed.apply(f.error())
        : late(((Late<?>) outcome).limit());
  }

  static String late(Duration limit) {
    return "no answer within " + limit.toMillis() + " ms";
  }
}
