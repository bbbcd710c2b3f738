package dev.plinth.core.tenant;

import dev.plinth.spi.web.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where Stripe Checkout may send a customer back. A return URL is accepted only under {@code
 * PLINTH_PUBLIC_URL} (same origin, and a path under the public URL's path) or on an origin of the
 * tenant's own allow-list. URLs are compared as parsed origins (scheme, host and port, with default
 * ports made explicit), never as strings, so that {@code https://shop.example.com.evil.net} or
 * {@code https://shop.example.com@evil.net} cannot pass for {@code https://shop.example.com}.
 */
public final class RedirectUrls {

  /** The JSON name of the allow-list in {@code PUT /api/tenants/{slug}/redirect-origins}. */
  public static final String ORIGINS_FIELD = "origins";

  /** Stripe's limit on a Checkout return URL. */
  static final int MAX_LENGTH = 2048;

  /** How many origins one tenant may list. */
  public static final int MAX_ORIGINS = 20;

  /** Stripe's placeholder, which is not a legal URI character sequence until it is filled in. */
  private static final String SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}";

  private RedirectUrls() {}

  /** Scheme, host and port, lower-cased and with the default port made explicit. */
  record Origin(String scheme, String host, int port) {

    static Origin of(URI u) {
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
      return new Origin(scheme, u.getHost().toLowerCase(Locale.ROOT), port);
    }

    /** As written on the allow-list: the default port left out. */
    String text() {
      boolean defaultPort = port == ("https".equals(scheme) ? 443 : 80);
      return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
  }

  /**
   * Refuses a return URL that leads anywhere but under the public URL or an allowed origin. A null
   * URL (an optional one left out) passes.
   *
   * @param field the JSON name the caller used, such as {@code successUrl}
   * @param publicUrl {@code PLINTH_PUBLIC_URL}
   * @param allowedOrigins the tenant's allow-list, as {@link #origin} normalised it
   * @throws ApiException 400 {@code invalid_request} naming {@code field}
   */
  public static void check(
      String field, String url, String publicUrl, List<String> allowedOrigins) {
    if (url == null) {
      return;
    }
    URI u = parse(url);
    if (u == null) {
      throw ApiException.invalid(field, field + " must be an absolute http(s) URL");
    }
    Origin origin = Origin.of(u);
    if (allowedOrigins.contains(origin.text()) || underPublicUrl(u, origin, parse(publicUrl))) {
      return;
    }
    throw ApiException.invalid(
        field,
        field
            + " must lead back to this site ("
            + publicUrl
            + ") or to one of the tenant's redirect origins (PUT"
            + " /api/tenants/{slug}/redirect-origins)");
  }

  /**
   * An allow-list entry as an origin: {@code https}, a host and perhaps a port, nothing else.
   *
   * @return the origin normalised: lower case, the default port left out
   * @throws ApiException 400 {@code invalid_request} naming {@code origins}
   */
  public static String origin(String value) {
    URI u = parse(value);
    if (u == null
        || !"https".equalsIgnoreCase(u.getScheme())
        || !(u.getRawPath().isEmpty() || u.getRawPath().equals("/"))
        || u.getRawQuery() != null
        || u.getRawFragment() != null
        || value.contains(SESSION_PLACEHOLDER)
        || u.getPort() > 65535) {
      throw ApiException.invalid(
          ORIGINS_FIELD,
          "each of origins must be an https origin such as https://shop.example.com (no path,"
              + " query or user), not '"
              + value
              + "'");
    }
    return Origin.of(u).text();
  }

  /**
   * The URL parsed, if it is an absolute http(s) URL with a host and without user information;
   * otherwise null. java.net.URI refuses spaces, control characters and backslashes outright.
   */
  private static URI parse(String url) {
    if (url == null || url.isEmpty() || url.length() > MAX_LENGTH) {
      return null;
    }
    try {
      URI u = new URI(url.replace(SESSION_PLACEHOLDER, "x"));
      String scheme = u.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || u.isOpaque()
          || u.getHost() == null
          || u.getHost().isEmpty()
          || u.getRawUserInfo() != null) {
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Same origin as the public URL, and a path at or below its path, with no {@code .} or {@code ..}
   * segment (decoded, as a browser would resolve it) to climb out of it.
   */
  private static boolean underPublicUrl(URI u, Origin origin, URI publicUrl) {
    if (publicUrl == null || !origin.equals(Origin.of(publicUrl))) {
      return false;
    }
    String path = u.getPath() == null ? "" : u.getPath();
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    String base = publicUrl.getPath() == null ? "" : publicUrl.getPath();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base.isEmpty() || path.equals(base) || path.startsWith(base + "/");
  }
}
