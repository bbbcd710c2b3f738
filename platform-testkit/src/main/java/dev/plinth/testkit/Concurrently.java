package dev.plinth.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs many calls at the same moment, for race tests and load drivers. */
public final class Concurrently {

  private Concurrently() {}

  /**
   * Runs {@code call(0..times-1)} on {@code threads} threads, released together by a latch once all
   * threads are ready; returns the results in call order.
   */
  public static <T> List<T> run(int times, int threads, IntFunction<T> call) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(Math.min(times, threads));
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        int n = i;
        Callable<T> task =
            () -> {
              ready.countDown();
              go.await();
              return call.apply(n);
            };
        futures.add(pool.submit(task));
      }
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>(times);
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
