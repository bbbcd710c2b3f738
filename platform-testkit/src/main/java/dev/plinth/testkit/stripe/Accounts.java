package dev.plinth.testkit.stripe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Accounts and API keys: every well-formed test key opens an account of its own, {@code
 * Stripe-Account} acts for a connected account of the key's account, and tests may revoke a key or
 * make an account's requests fail.
 */
final class Accounts {

  private static final Pattern KEY = Pattern.compile("(sk|rk)_test_[A-Za-z0-9_]{8,}");
  private static final Pattern ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]{6,}");

  private final State state;
  private final ConnectAccounts connect;
  private final List<String> revoked = new CopyOnWriteArrayList<>();

  /** Simulated failures by account id; guarded by the state's lock. */
  private final Map<String, Integer> faults = new HashMap<>();

  Accounts(State state, ConnectAccounts connect) {
    this.state = state;
    this.connect = connect;
  }

  /** The account that a secret key opens; the same key always opens the same account. */
  static String accountOf(String apiKey) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      return "acct_1" + HexFormat.of().formatHex(h, 0, 8).toUpperCase();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A connected account's id as it is, or the account of a key. */
  static String accountOfKeyOrId(String apiKeyOrAccount) {
    return apiKeyOrAccount.startsWith("acct_") ? apiKeyOrAccount : accountOf(apiKeyOrAccount);
  }

  void revoke(String apiKey) {
    revoked.add(apiKey);
  }

  void fail(String apiKeyOrAccount, int status) {
    synchronized (state.lock) {
      faults.put(accountOfKeyOrId(apiKeyOrAccount), status);
    }
  }

  void heal(String apiKeyOrAccount) {
    synchronized (state.lock) {
      faults.remove(accountOfKeyOrId(apiKeyOrAccount));
    }
  }

  /** The failure a test asked for on this request's account (or its key's), if any. */
  Integer fault(String keyAccount, String stripeAccount) {
    synchronized (state.lock) {
      Integer fault = faults.get(stripeAccount != null ? stripeAccount : keyAccount);
      return fault != null ? fault : faults.get(keyAccount);
    }
  }

  /** The API key of an {@code Authorization} header, or Stripe's 401. */
  String apiKey(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new StripeError(
          401,
          "invalid_request_error",
          null,
          "You did not provide an API key. You need to provide your API key in the Authorization"
              + " header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
          null);
    }
    String key;
    if (authorization.startsWith("Bearer ")) {
      key = authorization.substring(7).trim();
    } else if (authorization.startsWith("Basic ")) {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      key = decoded.endsWith(":") ? decoded.substring(0, decoded.length() - 1) : decoded;
    } else {
      key = "";
    }
    if (!KEY.matcher(key).matches() || revoked.contains(key)) {
      String hint = key.length() > 4 ? key.substring(key.length() - 4) : "";
      throw new StripeError(
          401,
          "invalid_request_error",
          "api_key_invalid",
          "Invalid API Key provided: "
              + (key.length() > 8 ? key.substring(0, 8) : "")
              + "****"
              + hint
              + (key.startsWith("sk_live_") ? " (this simulator serves test mode only)" : ""),
          null);
    }
    return key;
  }

  /**
   * The account a request acts on: the key's own, or a connected account of it. Called under the
   * lock.
   */
  Account resolve(String keyAccount, String stripeAccount, String version) {
    Account own = state.account(keyAccount);
    if (own.apiVersion == null && version != null) {
      own.apiVersion = version;
    }
    if (stripeAccount == null) {
      return own;
    }
    if (!ACCOUNT.matcher(stripeAccount).matches()) {
      throw StripeError.invalid(null, "Invalid Stripe-Account header: " + stripeAccount);
    }
    Account connected = state.account(stripeAccount);
    if (connected.platform == null) {
      connected.platform = keyAccount;
      connect.claimed(own, connected);
    } else if (!connected.platform.equals(keyAccount)) {
      throw new StripeError(
          403,
          "invalid_request_error",
          "account_invalid",
          "The provided key does not have access to account '"
              + stripeAccount
              + "' (or that account does not exist). Application access may have been revoked.",
          null);
    }
    if (connected.apiVersion == null && version != null) {
      connected.apiVersion = version;
    }
    return connected;
  }
}
