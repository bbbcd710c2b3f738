package dev.plinth.core.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin console's session cookie: what it looks like, and where it counts. It is HttpOnly, so
 * that no script reads it; SameSite=Strict, so that no other site's page sends it; {@code Secure}
 * when Plinth is served over https; and it lives as long as its session. Its path is {@code /}, the
 * narrowest that covers both the console's pages ({@code /admin}) and its API ({@code /api/admin}),
 * but it authenticates only on the admin API.
 */
public final class AdminCookie {

  public static final String NAME = "plinth_admin";

  /** A tenant's own console's session cookie (see {@link #issueConsole}). */
  public static final String CONSOLE_NAME = "plinth_console";

  /** The header that a state-changing request authenticated by the cookie must carry. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

  private AdminCookie() {}

  /** The {@code Set-Cookie} value that gives the browser the session {@code id}. */
  public static String issue(String id, Duration life, boolean secure) {
    return NAME + "=" + id + attributes("/", life.toSeconds(), secure);
  }

  /** The {@code Set-Cookie} value that makes the browser forget the session. */
  public static String clear(boolean secure) {
    return NAME + "=" + attributes("/", 0, secure);
  }

  /**
   * The tenant console's cookie, {@value #CONSOLE_NAME}: the same attributes, but sent only to the
   * tenant's own API, {@code /api/t/{slug}}, so that a browser may hold one per tenant.
   */
  public static String issueConsole(String slug, String id, Duration life, boolean secure) {
    return CONSOLE_NAME + "=" + id + attributes(consolePath(slug), life.toSeconds(), secure);
  }

  /** The {@code Set-Cookie} value that makes the browser forget a tenant console's session. */
  public static String clearConsole(String slug, boolean secure) {
    return CONSOLE_NAME + "=" + attributes(consolePath(slug), 0, secure);
  }

  private static String consolePath(String slug) {
    return "/api/t/" + slug;
  }

  /**
   * A session cookie as Plinth sets every one: {@code HttpOnly}, {@code SameSite=Strict}, for
   * {@code path} only, and {@code Secure} when served over https.
   */
  public static String sessionCookie(
      String name, String value, String path, Duration life, boolean secure) {
    return name + "=" + value + attributes(path, life.toSeconds(), secure);
  }

  private static String attributes(String path, long maxAgeSeconds, boolean secure) {
    return "; Path="
        + path
        + "; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  /** Whether Plinth's public URL is https, so that the cookie must be {@code Secure}. */
  public static boolean secureFor(String publicUrl) {
    return publicUrl.regionMatches(true, 0, "https://", 0, 8);
  }

  /**
   * Whether the cookie counts on this path (relative to {@code /api}, decoded): the admin API only.
   * A path with a dot segment never counts, whatever it would resolve to.
   */
  public static boolean countsOn(String path) {
    List<String> segments = List.of(path.split("/")).stream().filter(s -> !s.isEmpty()).toList();
    return !segments.isEmpty()
        && segments.get(0).equals("admin")
        && segments.stream().noneMatch(s -> s.equals(".") || s.equals(".."));
  }

  /** The tenant-area endpoints a tenant's console calls: its cookie counts there and only there. */
  private static final Set<String> CONSOLE_AREAS =
      Set.of("console", "webhooks", "errors", "payments");

  /**
   * The slug of the tenant whose console cookie counts on this request (path relative to {@code
   * /api}, decoded), if it does: the core's tenant-area endpoints that the console calls, never a
   * vertical's. Not on signing in ({@code POST t/{slug}/console/session}) nor on making a sign-in
   * link ({@code t/{slug}/console/links}), which take the tenant's API key.
   */
  public static Optional<String> consoleCountsOn(String method, String path) {
    List<String> segments = List.of(path.split("/")).stream().filter(s -> !s.isEmpty()).toList();
    if (segments.size() < 3
        || !segments.get(0).equals("t")
        || !CONSOLE_AREAS.contains(segments.get(2))
        || segments.stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
      return Optional.empty();
    }
    List<String> rest = segments.subList(2, segments.size());
    if (rest.equals(List.of("console", "links"))
        || (method.equals("POST") && rest.equals(List.of("console", "session")))) {
      return Optional.empty();
    }
    return Optional.of(segments.get(1));
  }

  /** Whether a request with this method changes something, and so needs the CSRF token. */
  public static boolean changesState(String method) {
    return STATE_CHANGING.contains(method);
  }
}
