package dev.plinth.core.billing;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.spi.billing.ConnectedAccount;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Stripe accounts connected to a tenant's own account (the tenant being the Connect platform),
 * in {@code core.connected_accounts}. An account is bound only once Stripe has shown it to be the
 * tenant's: an admin's bind reads it from Stripe with the tenant's own key (which sees only the
 * accounts connected to that platform), and an onboarding binds the account Plinth itself created
 * once Stripe reports it able to take charges. Nobody binds an account by naming it. The account id
 * is unique across all tenants, so a second tenant's claim fails on the database's constraint
 * whatever the timing.
 */
@ApplicationScoped
public class ConnectedAccounts {

  static final Pattern ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]{1,64}");

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject TenantStripe stripe;

  @Inject Clock clock;

  /**
   * One row: bound, pending while its onboarding is out, unbound by an admin, or deauthorized (the
   * account left the tenant's platform); the last two are kept so that the events of its earlier
   * payments still reach the tenant.
   */
  public record Row(
      String accountId,
      String status,
      String boundBy,
      boolean chargesEnabled,
      Instant boundAt,
      Instant createdAt,
      Instant unboundAt,
      Instant deauthorizedAt) {

    public ConnectedAccount account() {
      return new ConnectedAccount(accountId, chargesEnabled, boundAt);
    }

    public boolean bound() {
      return "bound".equals(status);
    }

    public boolean pending() {
      return "pending".equals(status);
    }

    public boolean unbound() {
      return "unbound".equals(status);
    }

    public boolean deauthorized() {
      return "deauthorized".equals(status);
    }
  }

  private static final String COLUMNS =
      "account_id, status, bound_by, charges_enabled, bound_at, created_at, unbound_at,"
          + " deauthorized_at";

  private static Row row(Object o) {
    Object[] r = (Object[]) o;
    return new Row(
        (String) r[0],
        (String) r[1],
        (String) r[2],
        Boolean.TRUE.equals(r[3]),
        r[4] == null ? null : SqlValues.instant(r[4]),
        SqlValues.instant(r[5]),
        r[6] == null ? null : SqlValues.instant(r[6]),
        r[7] == null ? null : SqlValues.instant(r[7]));
  }

  /** The tenant's accounts, bound and pending, newest first. */
  public List<Row> list(Tenant t) {
    return transactions.inTenant(
        t.id(),
        t.vertical(),
        () ->
            em
                .createNativeQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM core.connected_accounts WHERE tenant_id = ?1"
                        + " ORDER BY created_at DESC, account_id")
                .setParameter(1, t.id())
                .getResultList()
                .stream()
                .map(ConnectedAccounts::row)
                .toList());
  }

  /** The tenant's row for the account, if it has one (another tenant's stays invisible). */
  public Optional<Row> find(UUID tenantId, String vertical, String accountId) {
    if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
      return Optional.empty();
    }
    return transactions.inTenant(
        tenantId,
        vertical,
        () ->
            em.createNativeQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM core.connected_accounts WHERE tenant_id = ?1 AND account_id = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, accountId)
                .getResultStream()
                .findFirst()
                .map(ConnectedAccounts::row));
  }

  /**
   * The account if it is bound to the tenant; empty for a pending one, an unbound one, another's or
   * none.
   */
  public Optional<ConnectedAccount> bound(UUID tenantId, String vertical, String accountId) {
    return find(tenantId, vertical, accountId).filter(Row::bound).map(Row::account);
  }

  /**
   * Whether the account's Connect events are the tenant's: any account the tenant has a row for.
   * Bound to it; pending, which only the tenant's own onboarding makes (Plinth created the account
   * for it), so that the account's {@code account.updated} can bind it; or bound once and unbound
   * or deauthorized since (the refunds, disputes and payment events of payments taken on it still
   * belong to the tenant). Another tenant's, or none's, are not.
   */
  public boolean routesTo(UUID tenantId, String vertical, String accountId) {
    return find(tenantId, vertical, accountId).isPresent();
  }

  /**
   * An admin binds an account that Stripe shows connected to the tenant's own account.
   *
   * @throws ApiException 400 for a malformed id or a tenant in Connect mode, 404 {@code not_found}
   *     if Stripe knows no such account under the tenant's account, 409 {@code
   *     account_already_bound} if another tenant holds it
   */
  public void bindByAdmin(Tenant t, String accountId) {
    requirePlatform(t);
    if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
      throw ApiException.invalid("accountId", "accountId must be a Stripe account id (acct_...)");
    }
    Account account = retrieve(t, accountId);
    bind(t, accountId, "admin", Boolean.TRUE.equals(account.getChargesEnabled()));
  }

  /**
   * Records the account as the tenant's: a new row, or the tenant's pending one made bound. An
   * unbound one is bound again only by an admin; an onboarding's return leaves it unbound.
   *
   * @throws ApiException 409 {@code account_already_bound} if another tenant holds it
   */
  void bind(Tenant t, String accountId, String by, boolean chargesEnabled) {
    requireNoTenantsOwn(accountId);
    Instant now = clock.instant();
    transactions.inTenant(
        t.id(),
        t.vertical(),
        () -> {
          int inserted =
              em.createNativeQuery(
                      "INSERT INTO core.connected_accounts (id, tenant_id, account_id, status,"
                          + " bound_by, charges_enabled, bound_at, created_at, updated_at)"
                          + " VALUES (?1, ?2, ?3, 'bound', ?4, ?5, ?6, ?6, ?6)"
                          + " ON CONFLICT (account_id) DO NOTHING")
                  .setParameter(1, UUID.randomUUID())
                  .setParameter(2, t.id())
                  .setParameter(3, accountId)
                  .setParameter(4, by)
                  .setParameter(5, chargesEnabled)
                  .setParameter(6, Timestamp.from(now))
                  .executeUpdate();
          if (inserted == 0) {
            // the row exists: this tenant's own (pending, or bound before) or, invisible under
            // row-level security, another tenant's
            int updated =
                em.createNativeQuery(
                        "UPDATE core.connected_accounts SET charges_enabled = ?3,"
                            + " bound_at = coalesce(bound_at, ?4),"
                            + " bound_by = CASE WHEN status = 'pending' THEN ?5 ELSE bound_by END,"
                            + " status = 'bound', unbound_at = NULL, deauthorized_at = NULL,"
                            + " updated_at = ?4"
                            + " WHERE tenant_id = ?1 AND account_id = ?2"
                            + " AND (status NOT IN ('unbound', 'deauthorized') OR ?5 = 'admin')")
                    .setParameter(1, t.id())
                    .setParameter(2, accountId)
                    .setParameter(3, chargesEnabled)
                    .setParameter(4, Timestamp.from(now))
                    .setParameter(5, by)
                    .executeUpdate();
            if (updated == 0) {
              throw ApiException.conflict(
                  "account_already_bound", "account " + accountId + " is bound to another tenant");
            }
          }
          return null;
        });
  }

  /**
   * An account that is some tenant's own Stripe account (a tenant in Connect mode, whose events
   * route to it by that account) is not also a connected account of a tenant: its Connect events
   * would then name two tenants. Checked in platform scope, since the other tenant is invisible
   * under row-level security.
   *
   * @throws ApiException 409 {@code account_already_bound}
   */
  private void requireNoTenantsOwn(String accountId) {
    boolean own =
        transactions.inPlatform(
            () ->
                !em.createNativeQuery("SELECT 1 FROM core.tenants WHERE stripe_account_id = ?1")
                    .setParameter(1, accountId)
                    .getResultList()
                    .isEmpty());
    if (own) {
      throw ApiException.conflict(
          "account_already_bound", "account " + accountId + " is a tenant's own Stripe account");
    }
  }

  /**
   * Keeps a bound account's {@code charges_enabled} as Stripe's {@code account.updated} events
   * report it, in the event's tenant transaction. An event of a second before the row's last change
   * (such as one from before an admin's bind, which read the account from Stripe) changes nothing.
   */
  void chargesEnabled(UUID tenantId, String accountId, boolean enabled, Instant eventCreated) {
    em.createNativeQuery(
            "UPDATE core.connected_accounts SET charges_enabled = ?3,"
                + " updated_at = GREATEST(updated_at, ?4)"
                + " WHERE tenant_id = ?1 AND account_id = ?2 AND status = 'bound'"
                // Stripe's created counts whole seconds
                + " AND date_trunc('second', updated_at) <= ?4")
        .setParameter(1, tenantId)
        .setParameter(2, accountId)
        .setParameter(3, enabled)
        .setParameter(4, Timestamp.from(eventCreated))
        .executeUpdate();
  }

  /**
   * Binds the tenant's pending account once Stripe reports it able to take charges ({@code
   * account.updated} with {@code charges_enabled}, in the event's tenant transaction), whether or
   * not the professional's browser ever came back to the return page. Only a pending row, which
   * only the tenant's own onboarding makes (for an account Plinth created on the tenant's
   * platform), is bound: never an account the event merely names. Returns whether it was bound now.
   */
  boolean boundByStripe(UUID tenantId, String accountId) {
    return changeNow(
        "UPDATE core.connected_accounts SET status = 'bound', charges_enabled = true,"
            + " bound_at = ?3, updated_at = GREATEST(updated_at, ?3)"
            + " WHERE tenant_id = ?1 AND account_id = ?2 AND status = 'pending'"
            + " AND bound_by = 'onboarding'",
        tenantId,
        accountId);
  }

  /**
   * The account left the tenant's platform ({@code account.application.deauthorized}, in the
   * event's tenant transaction): its row is marked {@code deauthorized}, with charges off. The row
   * stays, so the events of its earlier payments still route to the tenant, and a new checkout on
   * it is refused (409 {@code account_deauthorized}). Returns whether the tenant had the account.
   */
  boolean deauthorized(UUID tenantId, String accountId) {
    return changeNow(
        "UPDATE core.connected_accounts SET status = 'deauthorized',"
            + " charges_enabled = false, deauthorized_at = coalesce(deauthorized_at, ?3),"
            + " updated_at = GREATEST(updated_at, ?3)"
            + " WHERE tenant_id = ?1 AND account_id = ?2",
        tenantId,
        accountId);
  }

  /**
   * Runs an update of one account's row ({@code ?1} tenant, {@code ?2} account, {@code ?3} now).
   */
  private boolean changeNow(String sql, UUID tenantId, String accountId) {
    return em.createNativeQuery(sql)
            .setParameter(1, tenantId)
            .setParameter(2, accountId)
            .setParameter(3, Timestamp.from(clock.instant()))
            .executeUpdate()
        == 1;
  }

  /** Records a pending account Plinth created for the tenant's onboarding. */
  void pending(Tenant t, String accountId) {
    Instant now = clock.instant();
    transactions.inTenant(
        t.id(),
        t.vertical(),
        () ->
            em.createNativeQuery(
                    "INSERT INTO core.connected_accounts (id, tenant_id, account_id, status,"
                        + " bound_by, charges_enabled, created_at, updated_at)"
                        + " VALUES (?1, ?2, ?3, 'pending', 'onboarding', false, ?4, ?4)")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, t.id())
                .setParameter(3, accountId)
                .setParameter(4, Timestamp.from(now))
                .executeUpdate());
  }

  /**
   * Unbinds the tenant's account: the row stays, marked {@code unbound}, so that a checkout on it
   * is refused while its Connect events (refunds, disputes of earlier payments) still reach the
   * tenant, and no other tenant can bind it. Unbinding it again changes nothing; 404 if the tenant
   * has no such account.
   */
  public void unbind(Tenant t, String accountId) {
    Instant now = clock.instant();
    int removed =
        transactions.inTenant(
            t.id(),
            t.vertical(),
            () ->
                em.createNativeQuery(
                        "UPDATE core.connected_accounts SET status = 'unbound',"
                            + " unbound_at = coalesce(unbound_at, ?3),"
                            + " updated_at = CASE WHEN status = 'unbound' THEN updated_at"
                            + " ELSE ?3 END"
                            + " WHERE tenant_id = ?1 AND account_id = ?2")
                    .setParameter(1, t.id())
                    .setParameter(2, accountId)
                    .setParameter(3, Timestamp.from(now))
                    .executeUpdate());
    if (removed == 0) {
      throw ApiException.notFound("no connected account " + accountId + " for this tenant");
    }
  }

  /**
   * The account as Stripe has it, read with the tenant's own key: Stripe shows a platform only the
   * accounts connected to it.
   *
   * @throws ApiException 404 {@code not_found} if Stripe knows no such account under the tenant
   */
  Account retrieve(Tenant t, String accountId) {
    try {
      return stripe.clientFor(t).v1().accounts().retrieve(accountId);
    } catch (PermissionException | InvalidRequestException e) {
      Integer status = e.getStatusCode();
      if (status != null && (status == 403 || status == 404)) {
        throw ApiException.notFound(
            "Stripe knows no account "
                + accountId
                + " connected to this tenant's Stripe account; connect it first, or onboard it"
                + " through the tenant's onboarding link");
      }
      throw stripe.failure(t, "reading connected account " + accountId, e);
    } catch (StripeException e) {
      throw stripe.failure(t, "reading connected account " + accountId, e);
    }
  }

  /** A new Express account on the tenant's platform, for its onboarding. */
  String createAccount(Tenant t) {
    try {
      return stripe
          .clientFor(t)
          .v1()
          .accounts()
          .create(
              AccountCreateParams.builder()
                  .setType(AccountCreateParams.Type.EXPRESS)
                  .putMetadata("plinth_tenant", t.slug())
                  .build(),
              RequestOptions.builder()
                  .setIdempotencyKey("plinth-account-" + t.id() + "-" + UUID.randomUUID())
                  .build())
          .getId();
    } catch (StripeException e) {
      throw stripe.failure(t, "creating a connected account", e);
    }
  }

  /** A fresh onboarding link for the account, coming back to the given URLs. */
  String accountLink(Tenant t, String accountId, String returnUrl, String refreshUrl) {
    try {
      return stripe
          .clientFor(t)
          .v1()
          .accountLinks()
          .create(
              AccountLinkCreateParams.builder()
                  .setAccount(accountId)
                  .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                  .setReturnUrl(returnUrl)
                  .setRefreshUrl(refreshUrl)
                  .build())
          .getUrl();
    } catch (StripeException e) {
      throw stripe.failure(t, "creating an onboarding link for " + accountId, e);
    }
  }

  /** Connected accounts need the tenant's own Stripe account as the platform. */
  static void requirePlatform(Tenant t) {
    if (t.stripeMode() != Tenant.StripeMode.direct) {
      throw new ApiException(
          400,
          "invalid_request",
          "connected accounts need the tenant's own Stripe account (direct mode) as their"
              + " platform");
    }
  }
}
