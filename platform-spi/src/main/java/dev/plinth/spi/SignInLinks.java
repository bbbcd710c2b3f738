package dev.plinth.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Sign-in by emailed link, for a vertical's customers, who have no password. A customer asks for a
 * link with their email ({@link #send}); the host emails it to the customer the vertical finds for
 * that email, if any; the link opens one of the vertical's pages with a one-time token in its
 * fragment (which browsers neither send to the server nor pass on as a referrer); the page posts
 * the token to the vertical, which {@link #redeem}s it for a session cookie; later requests carry
 * the cookie, named {@link SignIn#cookie()} (read it with {@code @CookieParam}), which {@link
 * #signedIn} verifies, until it expires or the customer signs out ({@link #signOut}).
 *
 * <p>Links and sessions are {@link SignedTokens}, bound to the tenant: a link opens once, at the
 * tenant that sent it. The cookie is HttpOnly, SameSite=Strict (Secure under https) and sent only
 * to the vertical's API path named after the sign-in. Each method needs a bound tenant; {@link
 * #send} and {@link #redeem} run in a tenant transaction (the caller's, if it has one).
 */
public interface SignInLinks {

  /**
   * Rate-limits the asking, per client and per email (429 {@code rate_limited} past either limit);
   * then emails a link to whoever {@code find} finds for the email, or does nothing, so that the
   * caller cannot tell whether the email is known.
   */
  void send(SignIn signIn, String email, Function<String, Optional<Recipient>> find);

  /**
   * Redeems a link's token, once: its subject, and the {@code Set-Cookie} header of the session it
   * opens; empty for a token that was used, has expired or was never valid here.
   */
  Optional<SignedIn> redeem(SignIn signIn, String token);

  /** The subject of the session whose cookie's value this is, if it verifies (null does not). */
  Optional<String> signedIn(SignIn signIn, String cookie);

  /** The {@code Set-Cookie} header that ends the session. */
  String signOut(SignIn signIn);

  /** The body of a request for a link. */
  @Schema(description = "Asks for a link to the whole portal, sent to this email.")
  record PortalLinkRequest(@Schema(required = true, format = "email") String email) {}

  /** What a request for a link is answered, whether or not the email is known. */
  @Schema(description = "Said whether or not a customer has this email.")
  record LinkSent(@Schema(enumeration = "sent") String status, String message, long linkMinutes) {

    /** Sent: the {@code message}, and how long a link of {@code signIn} works. */
    public LinkSent(SignIn signIn, String message) {
      this("sent", message, signIn.link().toMinutes());
    }
  }

  /** The body that redeems a link: the token from its fragment. */
  @Schema(description = "The token of an emailed portal link.")
  record RedeemRequest(@Schema(required = true, maxLength = 400) String token) {}

  /**
   * Whom a link goes to.
   *
   * @param subject what the link's token and its session name, such as a customer id
   * @param email where the link is sent
   * @param name how the email greets them
   */
  record Recipient(String subject, String email, String name) {}

  /**
   * A redeemed link.
   *
   * @param subject its {@link Recipient#subject}
   * @param setCookie the value of the {@code Set-Cookie} header that opens the session
   */
  record SignedIn(String subject, String setCookie) {}

  /**
   * One sign-in of a vertical, such as the campaigns portal. Its links are signed for, and emailed
   * as notifications of kind, {@code <module>.<name>-link}; its sessions are signed for {@code
   * <module>.<name>-session} and kept in the cookie {@code plinth_<module>_<name>}, sent to the
   * vertical's API path {@code <name>}.
   *
   * @param module the vertical's module id
   * @param name the sign-in's name, such as {@code portal}
   * @param page the vertical's page that a link opens (see {@link TenantContext#pageUrl})
   * @param subject the email's subject
   * @param invitation the email's sentence before the link, such as "Open this link to see all your
   *     campaigns"
   * @param link how long a link works
   * @param session how long a session lasts
   * @param linksPerEmailPerHour links that may be asked for one email per hour
   * @param linksPerClientPerHour links one client may ask for per hour
   */
  record SignIn(
      String module,
      String name,
      String page,
      String subject,
      String invitation,
      Duration link,
      Duration session,
      int linksPerEmailPerHour,
      int linksPerClientPerHour) {

    /**
     * A sign-in with its durations and limits from the vertical's {@link Settings}: {@code
     * <name>-link-minutes} (30), {@code <name>-session-hours} (24), {@code
     * <name>-links-per-email-per-hour} (3) and {@code <name>-links-per-client-per-hour} (20).
     */
    public static SignIn of(
        String module, String name, String page, String subject, String invitation) {
      Settings s = Settings.of(module);
      return new SignIn(
          module,
          name,
          page,
          subject,
          invitation,
          s.minutes(name + "-link-minutes", 30),
          s.hours(name + "-session-hours", 24),
          s.positive(name + "-links-per-email-per-hour", 3),
          s.positive(name + "-links-per-client-per-hour", 20));
    }

    /** The purpose of its links' tokens, and the kind of their notifications. */
    public String linkPurpose() {
      return module + "." + name + "-link";
    }

    /** The purpose of its sessions' tokens. */
    public String sessionPurpose() {
      return module + "." + name + "-session";
    }

    /** The name of its session cookie. */
    public String cookie() {
      return "plinth_" + module + "_" + name;
    }
  }
}
