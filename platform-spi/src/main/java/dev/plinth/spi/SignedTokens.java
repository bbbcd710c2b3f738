package dev.plinth.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Short, URL-safe tokens that the host signs for a vertical, such as a link emailed to a customer
 * or the value of a cookie. The vertical never sees the key: the host signs with HMAC-SHA256 under
 * a key derived from the platform secret.
 *
 * <p>A token is bound to its {@code purpose} and to the tenant bound when it was signed: it
 * verifies only for the same purpose at the same tenant, before it expires by the platform's {@link
 * java.time.Clock}. It is not encrypted: the subject can be read by whoever holds the token, so it
 * should be an id, never a secret or personal data.
 *
 * <p>Tokens are stateless, so a token that {@link #verify}s can be used again until it expires. A
 * link that must open once (a magic link) is {@link #redeem}ed instead: the host records its one
 * use.
 *
 * <p>All three methods need a bound tenant (a tenant request, job or event handler).
 */
public interface SignedTokens {

  /**
   * Signs a token.
   *
   * @param purpose what the token is for, such as {@code campaigns.portal-link}; letters, digits,
   *     dots, dashes and underscores
   * @param subject what it is about, such as a customer id; at most 200 characters
   * @param ttl how long it is valid; positive
   * @return a token of URL-safe characters ({@code A-Z a-z 0-9 - _ .})
   */
  String sign(String purpose, String subject, Duration ttl);

  /**
   * The token's contents if it was signed by this platform, for {@code purpose}, at the bound
   * tenant, and has not expired; empty otherwise (also for null or malformed input).
   */
  Optional<Verified> verify(String purpose, String token);

  /**
   * Whether {@code token} {@link #verify}s for {@code purpose} and was signed about {@code subject}
   * (a link to one record opens that record only).
   */
  default boolean verifies(String purpose, String token, String subject) {
    return verify(purpose, token).filter(v -> v.subject().equals(subject)).isPresent();
  }

  /**
   * The token's contents the first time it is redeemed, as {@link #verify} would give them; empty
   * for every later redemption, from any instance, and for a token that does not verify. The host
   * records the use in the caller's tenant transaction, so it stands or falls with the caller's own
   * changes; of two redemptions of one token at once, one waits for the other and answers empty.
   * The record is dropped once the token has expired, since it no longer verifies.
   */
  Optional<Verified> redeem(String purpose, String token);

  /**
   * A token that verified.
   *
   * @param id unique to this token, for recording a one-time use
   * @param subject what it was signed about
   * @param expiresAt when it stops verifying
   */
  record Verified(String id, String subject, Instant expiresAt) {}
}
