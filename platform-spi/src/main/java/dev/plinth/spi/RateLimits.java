package dev.plinth.spi;

import java.time.Duration;

/**
 * Limits how often one client may call an endpoint, per tenant. The client is the caller's address:
 * behind a proxy that {@code PLINTH_TRUSTED_PROXIES} names, the client that the proxy saw. An IPv6
 * client is counted per /64. Counts are kept per server instance.
 */
public interface RateLimits {

  /**
   * Counts one call from the current client in {@code bucket}; past {@code limit} calls in {@code
   * window}, fails with 429 {@code rate_limited} and a {@code Retry-After} header.
   */
  void perClient(String bucket, int limit, Duration window);

  /**
   * Counts one call about {@code key} (such as an email address) in {@code bucket}, whichever
   * client makes it, and fails as {@link #perClient} does past {@code limit} calls in {@code
   * window}. The key is kept only as a hash.
   */
  void perKey(String bucket, String key, int limit, Duration window);
}
