package dev.plinth.core.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one source of time for the core and the verticals: inject {@link Clock}. It is the system
 * clock in UTC, shifted by an offset that only tests move, so that schedules (retries, holds,
 * launches) can be exercised without waiting.
 */
@ApplicationScoped
public class ClockProducer {

  private final ShiftableClock clock = new ShiftableClock();

  @Produces
  Clock clock() {
    return clock;
  }

  /** Moves the platform's time forward; used by tests through the admin clock endpoint. */
  public void advance(Duration by) {
    clock.offset = clock.offset.plus(by);
  }

  public void reset() {
    clock.offset = Duration.ZERO;
  }

  public Duration offset() {
    return clock.offset;
  }

  static final class ShiftableClock extends Clock {
    volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }
}
