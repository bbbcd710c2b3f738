package dev.plinth.testkit.stripe;

import java.time.Duration;

/**
 * How the simulator delivers the events that one operation produced: Stripe promises at least once,
 * in no particular order, so tests ask for the awkward cases on purpose.
 *
 * @param copies how many times each event is sent (Stripe may send one event more than once)
 * @param reverse send the events in the reverse of the order they happened
 * @param delay wait this long before the first send
 * @param send false to send nothing at all: the event exists in Stripe (and in {@code GET
 *     /v1/events}, with {@code delivery_success=false}) but never arrived, as when an endpoint was
 *     down for longer than Stripe retries
 * @param parallel send the copies at the same moment, from separate threads
 */
public record Delivery(
    int copies, boolean reverse, Duration delay, boolean send, boolean parallel) {

  public Delivery {
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be at least 1");
    }
    delay = delay == null ? Duration.ZERO : delay;
  }

  /** Each event once, in order, at once. */
  public static Delivery normal() {
    return new Delivery(1, false, Duration.ZERO, true, false);
  }

  /** Nothing is sent. */
  public static Delivery none() {
    return new Delivery(1, false, Duration.ZERO, false, false);
  }

  public Delivery copies(int n) {
    return new Delivery(n, reverse, delay, send, parallel);
  }

  public Delivery concurrently() {
    return new Delivery(copies, reverse, delay, send, true);
  }

  public Delivery reversed() {
    return new Delivery(copies, true, delay, send, parallel);
  }

  public Delivery after(Duration d) {
    return new Delivery(copies, reverse, d, send, parallel);
  }
}
