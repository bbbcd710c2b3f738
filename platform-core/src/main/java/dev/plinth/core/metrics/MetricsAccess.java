package dev.plinth.core.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may read {@code /metrics}: anyone in a local run ({@code PLINTH_LOCAL_RUN=true}) or when the
 * operator has made it public ({@code PLINTH_METRICS_PUBLIC=true}, for a private network);
 * otherwise only a caller with {@code Authorization: Bearer <PLINTH_METRICS_TOKEN>}. Without a
 * token set, nobody: the endpoint is closed rather than open by omission.
 */
public final class MetricsAccess {

  /** The shortest token accepted, as for the admin token. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private static final String BEARER = "Bearer ";

  /** Whether a request may read the metrics, and if not, why. */
  public enum Verdict {
    /** Open to all: a local run, or public by the operator's choice. */
    OPEN,
    /** The request presented the metrics token. */
    TOKEN,
    /** No token is set and the endpoint is not public: every request is refused. */
    CLOSED,
    /** The request has no bearer token. */
    MISSING,
    /** The request's bearer token is not the metrics token. */
    WRONG;

    public boolean allowed() {
      return this == OPEN || this == TOKEN;
    }
  }

  private final boolean open;
  private final byte[] token;

  /**
   * @param token the metrics token; blank counts as unset
   * @throws IllegalStateException if a token is set but shorter than {@value #MIN_TOKEN_LENGTH}
   */
  public MetricsAccess(boolean localRun, boolean publicMetrics, Optional<String> token) {
    this.open = localRun || publicMetrics;
    Optional<String> set = token.map(String::trim).filter(t -> !t.isEmpty());
    if (set.isPresent() && set.get().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalStateException(
          "Plinth refuses to start: PLINTH_METRICS_TOKEN must be at least "
              + MIN_TOKEN_LENGTH
              + " characters");
    }
    this.token = set.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  /** The verdict on a request with this {@code Authorization} header (null if it has none). */
  public Verdict judge(String authorization) {
    if (open) {
      return Verdict.OPEN;
    }
    if (token == null) {
      return Verdict.CLOSED;
    }
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Verdict.MISSING;
    }
    byte[] presented =
        authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    // the comparison takes a time that depends on the presented length only
    return MessageDigest.isEqual(presented, token) ? Verdict.TOKEN : Verdict.WRONG;
  }
}
