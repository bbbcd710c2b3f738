package dev.plinth.core.api;

import dev.plinth.core.metrics.PlinthMetrics;
import dev.plinth.core.security.Tokens;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  @Inject PlinthMetrics metrics;

  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Calls counted in the window that started at {@code start} (epoch milliseconds). */
  record Window(long start, int count) {}

  @Override
  public void perClient(String bucket, int limit, Duration window) {
    limit(bucket, bucket + "|" + client(), limit, window);
  }

  @Override
  public void perKey(String bucket, String key, int limit, Duration window) {
    limit(bucket, bucket + "#" + Tokens.sha256Hex(key), limit, window);
  }

  private void limit(String bucket, String what, int limit, Duration window) {
    String key = (tenant.isBound() ? tenant.tenantId().toString() : "-") + "|" + what;
    long retryAfter = count(key, limit, window.toMillis(), clock.millis());
    if (retryAfter > 0) {
      metrics.rateLimited(tenant.isBound() ? tenant.verticalId() : null, bucket);
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

  /**
   * The client as Liberty reports it: behind a proxy that {@code PLINTH_TRUSTED_PROXIES} names,
   * Liberty's {@code remoteIp} has already put the forwarded client here; otherwise any {@code
   * X-Forwarded-For} is ignored.
   */
  private String client() {
    return clientKey(request.getRemoteAddr());
  }

  /**
   * The rate-limit key of a client address. An IPv4 client is counted per address. An IPv6 client
   * is counted per /64, the block that one customer usually holds whole: counted per address, one
   * customer could step through its block and never meet a limit.
   */
  static String clientKey(String address) {
    String a = address == null ? "" : address.trim();
    if (a.indexOf(':') < 0) {
      return a;
    }
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    try {
      // in brackets, the JDK parses an IPv6 literal or refuses it: it never looks a name up
      InetAddress parsed = InetAddress.getByName("[" + a + "]");
      if (parsed instanceof Inet4Address) {
        return parsed.getHostAddress();
      }
      byte[] b = parsed.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException e) {
      return a;
    }
  }
}
