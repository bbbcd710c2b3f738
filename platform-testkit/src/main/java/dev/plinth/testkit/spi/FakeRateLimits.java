package dev.plinth.testkit.spi;

import dev.plinth.spi.RateLimits;
import dev.plinth.spi.web.ApiException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Rate limits for unit tests: counts calls per bucket (and key) and refuses past the limit, as the
 * host does, but with no time window: a test that needs the window to pass makes a new instance.
 */
public final class FakeRateLimits implements RateLimits {

  private final Map<String, Integer> counts = new HashMap<>();

  @Override
  public void perClient(String bucket, int limit, Duration window) {
    count(bucket, limit);
  }

  @Override
  public void perKey(String bucket, String key, int limit, Duration window) {
    count(bucket + "|" + key, limit);
  }

  /** How many calls {@code bucket} (or {@code bucket|key}) has counted. */
  public int count(String bucket) {
    return counts.getOrDefault(bucket, 0);
  }

  private void count(String bucket, int limit) {
    int n = counts.merge(bucket, 1, Integer::sum);
    if (n > limit) {
      throw new ApiException(429, "rate_limited", "too many requests");
    }
  }
}
