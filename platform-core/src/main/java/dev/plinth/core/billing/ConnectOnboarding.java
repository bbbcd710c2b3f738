package dev.plinth.core.billing;

import com.stripe.model.Account;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.spi.Actor;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.SignedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A tenant onboards a connected account through Stripe's Account Links: Plinth creates an Express
 * account on the tenant's platform (recorded pending), and hands out Stripe's onboarding link,
 * whose return and refresh URLs lead back to Plinth with a signed, expiring state naming the
 * account. On return Plinth reads the account from Stripe and binds it only if Stripe reports it
 * able to take charges; the refresh URL issues a fresh link, once: it redeems the state ({@link
 * SignedTokens#redeem}), so a leaked refresh URL cannot be used to mint onboarding links for the
 * account. The state is signed for the tenant ({@link SignedTokens}), so it neither names another
 * tenant's account nor works at another tenant's path, and lives a day.
 */
@ApplicationScoped
public class ConnectOnboarding {

  static final String PURPOSE = "core.connect-onboarding";

  /** How long the return and refresh URLs of one link keep working (the refresh URL once). */
  static final Duration STATE_TTL = Duration.ofHours(24);

  @Inject ConnectedAccounts accounts;

  @Inject SignedTokens tokens;

  @Inject CurrentTenant current;

  @Inject PlinthConfig config;

  @Inject ScopedTransactions transactions;

  @Inject RateLimits rateLimits;

  /** How many onboarding links (new, or refreshed) one tenant may ask Stripe for in an hour. */
  @Inject
  @ConfigProperty(name = "PLINTH_CONNECT_LINKS_PER_HOUR", defaultValue = "10")
  int linksPerHour;

  /** A started onboarding: the account Stripe made and the link to send the professional to. */
  public record Started(String accountId, String url) {}

  /** What a return found. */
  public enum Outcome {
    bound,
    incomplete,
    invalid
  }

  /** The result of a return: the outcome and the account, when the state named one. */
  public record Returned(Outcome outcome, String accountId) {}

  /**
   * Creates the account and its first link.
   *
   * @throws dev.plinth.spi.web.ApiException 429 {@code rate_limited} past the tenant's links per
   *     hour, before Stripe is asked anything
   */
  public Started start(Tenant t) {
    ConnectedAccounts.requirePlatform(t);
    bind(t);
    limitLinks(t);
    String accountId = accounts.createAccount(t);
    accounts.pending(t, accountId);
    return new Started(accountId, link(t, accountId));
  }

  /**
   * A fresh link for the tenant's pending account named by the state; empty if it names none, or if
   * the state was redeemed before (a refresh URL works once; the fresh link carries a new one).
   */
  public Optional<String> refresh(Tenant t, String state) {
    bind(t);
    if (tokens.verify(PURPOSE, state).isEmpty()) {
      return Optional.empty(); // not a link of this tenant's: it counts for nothing
    }
    // counted before the state is redeemed, so that a refused refresh can be tried again later
    limitLinks(t);
    return transactions
        .inTenant(t.id(), t.vertical(), () -> tokens.redeem(PURPOSE, state))
        .map(SignedTokens.Verified::subject)
        .filter(id -> accounts.find(t.id(), t.vertical(), id).map(r -> r.pending()).orElse(false))
        .map(accountId -> link(t, accountId));
  }

  /**
   * The professional is back from Stripe: the account is bound if Stripe says it can take charges
   * now. A state that does not verify, or names no account of this tenant, binds nothing.
   */
  public Returned complete(Tenant t, String state) {
    Optional<String> named = accountOf(t, state);
    if (named.isEmpty()
        || accounts
            .find(t.id(), t.vertical(), named.get())
            .filter(r -> r.pending() || r.bound())
            .isEmpty()
        || t.stripeMode() != Tenant.StripeMode.direct) {
      return new Returned(Outcome.invalid, null);
    }
    String accountId = named.get();
    Account account = accounts.retrieve(t, accountId);
    if (!Boolean.TRUE.equals(account.getChargesEnabled())) {
      return new Returned(Outcome.incomplete, accountId);
    }
    accounts.bind(t, accountId, "onboarding", true);
    return new Returned(Outcome.bound, accountId);
  }

  /**
   * Each onboarding link makes Stripe calls (a new account, for a new link) and hands out a way
   * onto the tenant's platform: one tenant gets {@code PLINTH_CONNECT_LINKS_PER_HOUR} an hour,
   * whoever asks (the tenant's key, an admin, a professional's refresh page).
   */
  private void limitLinks(Tenant t) {
    rateLimits.perKey("connect-links", t.id().toString(), linksPerHour, Duration.ofHours(1));
  }

  private Optional<String> accountOf(Tenant t, String state) {
    bind(t);
    return tokens.verify(PURPOSE, state).map(SignedTokens.Verified::subject);
  }

  private String link(Tenant t, String accountId) {
    bind(t);
    String state =
        URLEncoder.encode(tokens.sign(PURPOSE, accountId, STATE_TTL), StandardCharsets.UTF_8);
    String base =
        config.publicUrl() + "/api/tenants/" + t.slug() + "/connected-accounts/onboarding/";
    return accounts.accountLink(
        t, accountId, base + "return?state=" + state, base + "refresh?state=" + state);
  }

  /** Signed tokens are the bound tenant's: bind this one, if the request has not already. */
  private void bind(Tenant t) {
    if (!current.isBound()) {
      current.bind(t.id(), t.slug(), t.vertical(), t.ownerEmail(), Actor.SYSTEM);
    } else if (!current.tenantId().equals(t.id())) {
      throw new IllegalStateException("another tenant is bound to this request");
    }
  }
}
