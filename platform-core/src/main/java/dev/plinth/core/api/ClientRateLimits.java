package dev.plinth.core.api;

import dev.plinth.core.security.Tokens;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.spi.ApiException;
import dev.plinth.spi.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link RateLimits} with fixed windows kept in memory, per tenant, bucket and client. Old windows
 * are dropped as the map grows, so memory stays bounded by the number of recent clients.
 */
@ApplicationScoped
public class ClientRateLimits implements RateLimits {

  private static final int PRUNE_AT = 10_000;

  @Inject HttpServletRequest request;

  @Inject CurrentTenant tenant;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_TRUST_FORWARDED_FOR", defaultValue = "false")
  boolean trustForwardedFor;

  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Calls counted in the window that started at {@code start} (epoch milliseconds). */
  record Window(long start, int count) {}

  @Override
  public void perClient(String bucket, int limit, Duration window) {
    limit(bucket + "|" + client(), limit, window);
  }

  @Override
  public void perKey(String bucket, String key, int limit, Duration window) {
    limit(bucket + "#" + Tokens.sha256Hex(key), limit, window);
  }

  private void limit(String what, int limit, Duration window) {
    String key = (tenant.isBound() ? tenant.tenantId().toString() : "-") + "|" + what;
    long retryAfter = count(key, limit, window.toMillis(), clock.millis());
    if (retryAfter > 0) {
      throw new ApiException(
          429,
          "rate_limited",
          "too many requests; try again in " + retryAfter + " s",
          Map.of("retryAfter", retryAfter));
    }
  }

  /** Counts a call; returns 0 if it is allowed, else the seconds until the window ends. */
  long count(String key, int limit, long windowMs, long now) {
    if (windows.size() > PRUNE_AT) {
      windows.values().removeIf(w -> w.start() + windowMs <= now);
    }
    Window w =
        windows.compute(
            key,
            (k, old) ->
                old == null || old.start() + windowMs <= now
                    ? new Window(now, 1)
                    : new Window(old.start(), old.count() + 1));
    if (w.count() <= limit) {
      return 0;
    }
    return Math.max(1, (w.start() + windowMs - now + 999) / 1000);
  }

  private String client() {
    if (trustForwardedFor) {
      // the proxy appends the address it saw: the last entry; earlier ones the client may forge
      String forwarded = request.getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].trim();
      }
    }
    return request.getRemoteAddr();
  }
}
