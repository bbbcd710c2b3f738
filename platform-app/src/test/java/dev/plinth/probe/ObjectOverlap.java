package dev.plinth.probe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the probe's {@code probe.object.touched} handler for overlap: how many events of one
 * Stripe object, and how many of the tenant's in all, were being processed at the same moment. Each
 * handling holds its place for a short while, so that overlapping processing would show.
 */
public final class ObjectOverlap {

  public record Seen(int sameObject, int overall) {}

  private static final Map<String, AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> MAX_SAME = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> MAX_ALL = new ConcurrentHashMap<>();

  private ObjectOverlap() {}

  static void touch(String tenant, String objectId) {
    AtomicInteger same =
        IN_FLIGHT.computeIfAbsent(tenant + "|" + objectId, k -> new AtomicInteger());
    AtomicInteger all = IN_FLIGHT.computeIfAbsent(tenant, k -> new AtomicInteger());
    MAX_SAME
        .computeIfAbsent(tenant, k -> new AtomicInteger())
        .accumulateAndGet(same.incrementAndGet(), Math::max);
    MAX_ALL
        .computeIfAbsent(tenant, k -> new AtomicInteger())
        .accumulateAndGet(all.incrementAndGet(), Math::max);
    try {
      Thread.sleep(25);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      same.decrementAndGet();
      all.decrementAndGet();
    }
  }

  static Seen seen(String tenant) {
    return new Seen(
        MAX_SAME.getOrDefault(tenant, new AtomicInteger()).get(),
        MAX_ALL.getOrDefault(tenant, new AtomicInteger()).get());
  }
}
