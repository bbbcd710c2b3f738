package dev.plinth.core.billing;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Price;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SubscriptionCancelParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.service.SubscriptionService;
import dev.plinth.core.billing.events.Owner;
import dev.plinth.core.billing.events.PaymentEventTranslator;
import dev.plinth.core.billing.events.RecordedOwners;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.db.SqlValues;
import dev.plinth.core.metrics.PlinthMetrics;
import dev.plinth.core.security.Tokens;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.RedirectUrls;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.Severity;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.ConnectedAccount;
import dev.plinth.spi.billing.ConnectedCharge;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** {@link BillingService} on Stripe Checkout, for the bound tenant. */
@ApplicationScoped
public class StripeBillingService implements BillingService {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject CurrentTenant current;

  @Inject TenantService tenants;

  @Inject TenantStripe stripe;

  @Inject ScopedTransactions transactions;

  @Inject Clock clock;

  @Inject ErrorReporter errors;

  @Inject PlinthConfig config;

  @Inject RecordedOwners owners;

  @Inject PlinthMetrics metrics;

  @Inject ConnectedAccounts connectedAccounts;

  /**
   * A session that is still open is handed out again for the same operation only if the customer
   * has at least this long left to pay.
   */
  static final Duration REUSE_MARGIN = Duration.ofMinutes(5);

  @Override
  public CheckoutSession createCheckout(CheckoutRequest request) {
    Tenant tenant = tenants.byId(current.tenantId());
    // Stripe sends the customer there: only back to Plinth or to the tenant's own origins
    RedirectUrls.check(
        "successUrl", request.successUrl(), config.publicUrl(), tenant.redirectOrigins());
    RedirectUrls.check(
        "cancelUrl", request.cancelUrl(), config.publicUrl(), tenant.redirectOrigins());
    ConnectedCharge connected = request.connected();
    if (connected != null && connected.type() == ConnectedCharge.ChargeType.direct) {
      requireOnConnectedAccount(request);
    }
    if (request.customerId() != null) {
      requireKnownCustomer(tenant, request.customerId());
    }
    if (connected != null) {
      if (connectedAccount(connected.accountId()).isEmpty()) {
        if (connectedAccounts
            .find(current.tenantId(), current.verticalId(), connected.accountId())
            .filter(ConnectedAccounts.Row::deauthorized)
            .isPresent()) {
          throw ApiException.conflict(
              "account_deauthorized",
              "account "
                  + connected.accountId()
                  + " has left this tenant's Stripe platform (deauthorized) and takes no new"
                  + " checkouts");
        }
        throw ApiException.invalid(
            "connectedAccountId",
            "account " + connected.accountId() + " is not connected to this tenant");
      }
      checkFee(request);
    }
    Instant now = clock.instant();
    String operation = idempotencyKey(tenant, "checkout.create", request);
    Earlier earlier = earlier(tenant, operation, now);
    if (earlier.open().isPresent()) {
      return earlier.open().get();
    }
    Instant expiresAt = expiry(now, request.expiresIn());
    SessionCreateParams params = params(tenant, request, expiresAt);
    Session session;
    try {
      session =
          stripe
              .clientFor(tenant)
              .v1()
              .checkout()
              .sessions()
              .create(
                  params,
                  onAccount(
                      RequestOptions.builder()
                          // Stripe refuses a key reused with other parameters, so the expiry
                          // is in it and a new session after expired or paid ones needs a new
                          // key
                          .setIdempotencyKey(
                              operation + "-" + expiresAt.getEpochSecond() + "-" + earlier.made()),
                      livesOn(connected)));
    } catch (StripeException e) {
      throw stripe.failure(tenant, "creating a checkout session", e);
    }
    Instant expires =
        session.getExpiresAt() == null ? expiresAt : Instant.ofEpochSecond(session.getExpiresAt());
    int recorded =
        transactions.inTenant(
            tenant.id(),
            tenant.vertical(),
            () ->
                em.createNativeQuery(
                        "INSERT INTO core.checkout_sessions (id, tenant_id, stripe_session_id, vertical,"
                            + " reference, mode, status, payment_status, amount_total, currency,"
                            + " customer_email, url, expires_at, created_at, updated_at, request_key,"
                            + " connected_account, charge_type)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11, ?12,"
                            + " ?13, ?13, ?14, ?15, ?16)"
                            + " ON CONFLICT (tenant_id, stripe_session_id) DO NOTHING")
                    .setParameter(1, UUID.randomUUID())
                    .setParameter(2, tenant.id())
                    .setParameter(3, session.getId())
                    .setParameter(4, tenant.vertical())
                    .setParameter(5, request.reference())
                    .setParameter(6, request.mode().name())
                    .setParameter(7, session.getPaymentStatus())
                    .setParameter(8, session.getAmountTotal())
                    .setParameter(9, session.getCurrency())
                    .setParameter(10, request.customerEmail())
                    .setParameter(11, session.getUrl())
                    .setParameter(12, Timestamp.from(expires))
                    .setParameter(13, Timestamp.from(now))
                    .setParameter(14, operation)
                    .setParameter(15, connected == null ? null : connected.accountId())
                    .setParameter(16, connected == null ? null : connected.type().name())
                    .executeUpdate());
    if (recorded > 0) {
      metrics.checkoutCreated(tenant.vertical());
    }
    return new CheckoutSession(session.getId(), session.getUrl(), expires);
  }

  /**
   * What this operation made before: how many sessions, and the one to hand back if it is still
   * open with at least {@link #REUSE_MARGIN} left to pay.
   */
  record Earlier(Optional<CheckoutSession> open, int made) {}

  private Earlier earlier(Tenant tenant, String operation, Instant now) {
    List<?> rows =
        transactions.inTenant(
            tenant.id(),
            tenant.vertical(),
            () ->
                em.createNativeQuery(
                        "SELECT stripe_session_id, url, expires_at, status"
                            + " FROM core.checkout_sessions WHERE tenant_id = ?1 AND request_key = ?2"
                            + " ORDER BY expires_at DESC")
                    .setParameter(1, tenant.id())
                    .setParameter(2, operation)
                    .getResultList());
    Optional<CheckoutSession> open =
        rows.stream()
            .map(Object[].class::cast)
            .filter(
                r ->
                    "open".equals(r[3])
                        && r[1] != null
                        && SqlValues.instant(r[2]).isAfter(now.plus(REUSE_MARGIN)))
            .findFirst()
            .map(r -> new CheckoutSession((String) r[0], (String) r[1], SqlValues.instant(r[2])));
    return new Earlier(open, rows.size());
  }

  /**
   * The session's expiry, on a whole minute, so that a request repeated within the minute sends the
   * same parameters (and so the same idempotency key) to Stripe. Rounded up, or down where up would
   * pass Stripe's 24 h limit; either way within Stripe's 30 min to 24 h.
   */
  static Instant expiry(Instant now, Duration in) {
    long target = now.plus(in).getEpochSecond();
    long minute = Math.floorDiv(target + 59, 60) * 60;
    if (minute - now.getEpochSecond() > CheckoutRequest.MAX_EXPIRY.getSeconds()) {
      minute -= 60;
    }
    return Instant.ofEpochSecond(minute);
  }

  @Override
  public void expireCheckout(String sessionId) {
    Tenant tenant = tenants.byId(current.tenantId());
    try {
      expire(tenant, sessionId);
    } catch (StripeException e) {
      throw stripe.failure(tenant, "expiring checkout session " + sessionId, e);
    }
  }

  /**
   * Stripe refusing the request (the session was paid or expired meanwhile, and its event will say
   * which) is noted at INFO only; anything else, such as Stripe out of reach, is an error-log
   * entry, as for any Stripe call, and is not thrown either: the caller goes on with its other
   * sessions, and a late payment of this one is the state machine's to settle.
   */
  @Override
  public void expireCheckoutIfOpen(String sessionId) {
    Tenant tenant = tenants.byId(current.tenantId());
    try {
      expire(tenant, sessionId);
    } catch (InvalidRequestException e) {
      errors.report(Severity.INFO, "could not expire session " + sessionId + ": " + e.getMessage());
    } catch (StripeException e) {
      stripe.failure(tenant, "expiring checkout session " + sessionId, e);
    }
  }

  private void expire(Tenant tenant, String sessionId) throws StripeException {
    stripe
        .clientFor(tenant)
        .v1()
        .checkout()
        .sessions()
        .expire(
            sessionId,
            onAccount(
                RequestOptions.builder()
                    .setIdempotencyKey("plinth-expire-" + tenant.id() + "-" + sessionId),
                sessionAccount(tenant, sessionId)));
  }

  /**
   * The connected account a session lives on: a direct charge's, as recorded when it was created;
   * null for a session on the tenant's own account.
   */
  private String sessionAccount(Tenant tenant, String sessionId) {
    return directAccount(
        tenant,
        "SELECT connected_account FROM core.checkout_sessions WHERE tenant_id = ?1"
            + " AND stripe_session_id = ?2 AND charge_type = 'direct'",
        sessionId);
  }

  /**
   * The connected account a payment lives on: a direct charge's, by the checkout that took it or by
   * the Connect events that told of it; null for a payment on the tenant's own account. A tenant in
   * Connect mode is itself the connected account, which its client already names.
   */
  String paymentAccount(Tenant tenant, String paymentIntentId) {
    if (tenant.stripeMode() != Tenant.StripeMode.direct || paymentIntentId == null) {
      return null;
    }
    return directAccount(
        tenant,
        // only an account the tenant has (or had) in core.connected_accounts: a refund never
        // goes to an account merely named by an event
        "SELECT x.account FROM (SELECT connected_account AS account, 1 AS rank"
            + " FROM core.checkout_sessions WHERE tenant_id = ?1"
            + " AND payment_intent_id = ?2 AND charge_type = 'direct'"
            + " UNION ALL SELECT stripe_account, 2 FROM core.payments WHERE tenant_id = ?1"
            + " AND payment_intent_id = ?2 AND stripe_account IS NOT NULL) x"
            + " WHERE EXISTS (SELECT 1 FROM core.connected_accounts a WHERE a.tenant_id = ?1"
            + " AND a.account_id = x.account AND a.status IN ('bound', 'unbound', 'deauthorized'))"
            + " ORDER BY x.rank",
        paymentIntentId);
  }

  /** Whether the payment is a destination charge, as its checkout was recorded. */
  boolean destinationCharge(Tenant tenant, String paymentIntentId) {
    return tenant.stripeMode() == Tenant.StripeMode.direct
        && directAccount(
                tenant,
                "SELECT connected_account FROM core.checkout_sessions WHERE tenant_id = ?1"
                    + " AND payment_intent_id = ?2 AND charge_type = 'destination'",
                paymentIntentId)
            != null;
  }

  /** The first account {@code sql} finds for the tenant ({@code ?1}) and the id ({@code ?2}). */
  private String directAccount(Tenant tenant, String sql, String id) {
    List<?> rows =
        transactions.inTenant(
            tenant.id(),
            tenant.vertical(),
            () ->
                em.createNativeQuery(sql)
                    .setParameter(1, tenant.id())
                    .setParameter(2, id)
                    .getResultList());
    return rows.isEmpty() ? null : (String) rows.get(0);
  }

  /** The account the session is created on: the connected one for a direct charge. */
  private static String livesOn(ConnectedCharge connected) {
    return connected != null && connected.type() == ConnectedCharge.ChargeType.direct
        ? connected.accountId()
        : null;
  }

  /** The options, acting for {@code account} ({@code Stripe-Account}) when it is set. */
  static RequestOptions onAccount(RequestOptions.RequestOptionsBuilder options, String account) {
    if (account != null) {
      options.setStripeAccount(account);
    }
    return options.build();
  }

  /**
   * A direct charge's session is made on the connected account, which knows none of the tenant's
   * own customers or prices: Stripe would refuse them (as no such object), so the vertical hears it
   * as its own mistake (400) before Stripe is asked.
   */
  static void requireOnConnectedAccount(CheckoutRequest request) {
    if (request.customerId() != null) {
      throw ApiException.invalid(
          "customerId",
          "a direct charge is made on the connected account, which does not have the tenant's"
              + " customer "
              + request.customerId()
              + "; leave customerId out");
    }
    List<CheckoutLine> lines = request.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).priceId() != null) {
        throw ApiException.invalid(
            "lines[" + i + "].priceId",
            "a direct charge is made on the connected account, which does not have the tenant's"
                + " price "
                + lines.get(i).priceId()
                + "; give the line's amount and currency instead");
      }
    }
  }

  /**
   * The tenant's fee must fit in what the customer pays: Stripe would refuse a larger one, and the
   * vertical should hear it as its own mistake (400), not as Stripe's.
   */
  static void checkFee(CheckoutRequest request) {
    Long fee = request.connected().applicationFeeAmount();
    if (fee == null || fee == 0) {
      return;
    }
    long total = 0;
    for (CheckoutLine line : request.lines()) {
      if (line.priceId() != null) {
        return; // the price's amount is Stripe's to know: Stripe checks the fee then
      }
      total = Math.addExact(total, Math.multiplyExact(line.unitAmount(), line.quantity()));
    }
    if (fee > total) {
      throw ApiException.invalid(
          "applicationFeeAmount",
          "applicationFeeAmount (" + fee + ") is more than the checkout's total (" + total + ")");
    }
  }

  @Override
  public Subscription subscription(String subscriptionId) {
    Tenant tenant = tenants.byId(current.tenantId());
    return own(tenant, subscriptionId).state();
  }

  @Override
  public Subscription cancelSubscription(String subscriptionId, boolean atPeriodEnd) {
    Tenant tenant = tenants.byId(current.tenantId());
    Owned sub = own(tenant, subscriptionId);
    if (atPeriodEnd) {
      return update(
          tenant,
          sub,
          "cancel-at-period-end",
          SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
    }
    return change(
        tenant,
        sub,
        "cancel",
        (subscriptions, id, options) ->
            subscriptions.cancel(id, SubscriptionCancelParams.builder().build(), options));
  }

  @Override
  public Subscription resumeSubscription(String subscriptionId) {
    Tenant tenant = tenants.byId(current.tenantId());
    return update(
        tenant,
        own(tenant, subscriptionId),
        "resume",
        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build());
  }

  @Override
  public Subscription changePrice(String subscriptionId, String priceId) {
    if (priceId == null || !priceId.startsWith("price_")) {
      throw ApiException.invalid("priceId", "priceId must be a Stripe price id (price_...)");
    }
    Tenant tenant = tenants.byId(current.tenantId());
    Owned sub = own(tenant, subscriptionId);
    String itemId = StripeJson.textOrNull(StripeJson.first(sub.json(), "items"), "id");
    if (itemId == null) {
      throw new ApiException(
          409, "conflict", "subscription " + subscriptionId + " has no item to change");
    }
    return update(
        tenant,
        sub,
        "price-" + priceId,
        SubscriptionUpdateParams.builder()
            .addItem(
                SubscriptionUpdateParams.Item.builder().setId(itemId).setPrice(priceId).build())
            .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS)
            .build());
  }

  @Override
  public String createRecurringPrice(
      String lookupKey, String productName, Money amount, String interval) {
    if (lookupKey == null || lookupKey.isBlank() || lookupKey.length() > 200) {
      throw ApiException.invalid("lookupKey", "lookupKey is required, at most 200 characters");
    }
    if (productName == null || productName.isBlank()) {
      throw ApiException.invalid("productName", "productName is required");
    }
    if (amount == null || amount.amount() < 0) {
      throw ApiException.invalid("amount", "amount must be zero or more");
    }
    PriceCreateParams.Recurring.Interval every =
        switch (interval == null ? "" : interval) {
          case "month" -> PriceCreateParams.Recurring.Interval.MONTH;
          case "year" -> PriceCreateParams.Recurring.Interval.YEAR;
          default -> throw ApiException.invalid("interval", "interval must be month or year");
        };
    Tenant tenant = tenants.byId(current.tenantId());
    StripeClient client = stripe.clientFor(tenant);
    try {
      List<Price> existing =
          client
              .v1()
              .prices()
              .list(PriceListParams.builder().addLookupKey(lookupKey).setLimit(1L).build())
              .getData();
      if (!existing.isEmpty()) {
        return existing.get(0).getId();
      }
      return client
          .v1()
          .prices()
          .create(
              PriceCreateParams.builder()
                  .setCurrency(amount.currency())
                  .setUnitAmount(amount.amount())
                  .setLookupKey(lookupKey)
                  .setRecurring(PriceCreateParams.Recurring.builder().setInterval(every).build())
                  .setProductData(
                      PriceCreateParams.ProductData.builder().setName(productName).build())
                  .putMetadata("plinth_vertical", tenant.vertical())
                  .build(),
              options(
                  key(
                      tenant,
                      "price",
                      lookupKey,
                      productName,
                      String.valueOf(amount.amount()),
                      amount.currency(),
                      interval)))
          .getId();
    } catch (StripeException e) {
      throw stripe.failure(tenant, "creating price " + lookupKey, e);
    }
  }

  @Override
  public Optional<ConnectedAccount> connectedAccount(String accountId) {
    return connectedAccounts.bound(current.tenantId(), current.verticalId(), accountId);
  }

  @Override
  public String billingPortalUrl(String customerId, String returnUrl) {
    Tenant tenant = tenants.byId(current.tenantId());
    RedirectUrls.check("returnUrl", returnUrl, config.publicUrl(), tenant.redirectOrigins());
    if (returnUrl == null) {
      throw ApiException.invalid("returnUrl", "returnUrl is required");
    }
    requireKnownCustomer(tenant, customerId);
    try {
      return stripe
          .clientFor(tenant)
          .v1()
          .billingPortal()
          .sessions()
          .create(
              com.stripe.param.billingportal.SessionCreateParams.builder()
                  .setCustomer(customerId)
                  .setReturnUrl(returnUrl)
                  .build(),
              // a repeated request within the minute gets the same session
              options(
                  key(
                      tenant,
                      "portal",
                      customerId,
                      returnUrl,
                      String.valueOf(clock.instant().getEpochSecond() / 60))))
          .getUrl();
    } catch (StripeException e) {
      throw stripe.failure(tenant, "opening the billing portal for " + customerId, e);
    }
  }

  /** The customer must be one the tenant's records know: never an id a caller made up. */
  private void requireKnownCustomer(Tenant tenant, String customerId) {
    boolean known =
        customerId != null
            && transactions.inTenant(
                tenant.id(),
                tenant.vertical(),
                () -> owners.knowsCustomer(tenant.id(), customerId));
    if (!known) {
      throw ApiException.notFound("no customer " + customerId);
    }
  }

  /** A subscription of this tenant and vertical, as Stripe has it now. */
  record Owned(JsonObject json, Subscription state) {}

  /**
   * Reads a subscription from Stripe and checks that it is the vertical's: by the metadata its
   * checkout gave it, or the host's records of that checkout.
   *
   * @throws ApiException 404 if Stripe has no such subscription or it is another vertical's
   */
  private Owned own(Tenant tenant, String subscriptionId) {
    ApiException notFound = ApiException.notFound("no subscription " + subscriptionId);
    if (subscriptionId == null || !subscriptionId.startsWith("sub_")) {
      throw notFound;
    }
    com.stripe.model.Subscription s;
    try {
      s = stripe.clientFor(tenant).v1().subscriptions().retrieve(subscriptionId);
    } catch (InvalidRequestException e) {
      if (e.getStatusCode() != null && e.getStatusCode() == 404) {
        throw notFound;
      }
      throw stripe.failure(tenant, "reading subscription " + subscriptionId, e);
    } catch (StripeException e) {
      throw stripe.failure(tenant, "reading subscription " + subscriptionId, e);
    }
    JsonObject json = json(s);
    JsonObject metadata = StripeJson.object(json, "metadata");
    if (!StripeJson.text(metadata, "plinth_tenant").orElse(tenant.slug()).equals(tenant.slug())) {
      throw notFound;
    }
    Owner owner =
        Owner.fromMetadata(metadata, null)
            .or(
                () ->
                    transactions.inTenant(
                        tenant.id(),
                        tenant.vertical(),
                        () -> owners.of(tenant.id()).subscription(subscriptionId)))
            .filter(o -> o.vertical().equals(tenant.vertical()))
            .orElseThrow(() -> notFound);
    return new Owned(json, PaymentEventTranslator.subscription(json, owner.reference()));
  }

  private Subscription update(
      Tenant tenant, Owned sub, String operation, SubscriptionUpdateParams params) {
    return change(
        tenant,
        sub,
        operation,
        (subscriptions, id, options) -> subscriptions.update(id, params, options));
  }

  /** One call of Stripe's subscriptions API that changes a subscription. */
  @FunctionalInterface
  private interface SubscriptionCall {
    com.stripe.model.Subscription send(
        SubscriptionService subscriptions, String id, RequestOptions options)
        throws StripeException;
  }

  /** Makes the change with its idempotency key, and returns the subscription's new state. */
  private Subscription change(Tenant tenant, Owned sub, String operation, SubscriptionCall call) {
    String id = sub.state().id();
    try {
      com.stripe.model.Subscription changed =
          call.send(
              stripe.clientFor(tenant).v1().subscriptions(),
              id,
              options(subscriptionKey(tenant, sub, operation)));
      return PaymentEventTranslator.subscription(json(changed), sub.state().reference());
    } catch (StripeException e) {
      throw stripe.failure(tenant, "changing subscription " + id + " (" + operation + ")", e);
    }
  }

  /**
   * The key of a change to a subscription: the operation and the state it was made from, so that a
   * retried request is sent once, and the same change made again later (cancel, resume, cancel) is
   * a new request.
   */
  private static String subscriptionKey(Tenant tenant, Owned sub, String operation) {
    Subscription s = sub.state();
    return key(
        tenant,
        "subscription",
        s.id(),
        operation,
        s.status(),
        s.priceId(),
        String.valueOf(s.cancelAtPeriodEnd()),
        String.valueOf(s.currentPeriodEnd()));
  }

  /** An idempotency key from the tenant, its vertical and the parts of an operation. */
  private static String key(Tenant tenant, String... parts) {
    return "plinth-"
        + Tokens.sha256Hex(tenant.id() + "|" + tenant.vertical() + "|" + String.join("|", parts));
  }

  private static RequestOptions options(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  /** Stripe's object as it came over the wire. */
  private static JsonObject json(StripeObject o) {
    try (JsonReader r = Json.createReader(new StringReader(o.getRawJsonObject().toString()))) {
      return r.readObject();
    }
  }

  @Override
  public String refund(String paymentIntentId, Long amount, String reference) {
    Tenant tenant = tenants.byId(current.tenantId());
    return refund(
            tenant,
            paymentIntentId,
            amount,
            "plinth-refund-"
                + Tokens.sha256Hex(
                    tenant.id() + "|" + paymentIntentId + "|" + amount + "|" + reference))
        .getId();
  }

  @Override
  public boolean isRefunded(String paymentIntentId) {
    if (paymentIntentId == null) {
      return false;
    }
    return transactions.inTenant(
        current.tenantId(),
        current.verticalId(),
        () ->
            !em.createNativeQuery(
                    "SELECT 1 FROM core.payments WHERE tenant_id = ?1 AND payment_intent_id = ?2"
                        + " AND status = 'refunded'")
                .setParameter(1, current.tenantId())
                .setParameter(2, paymentIntentId)
                .getResultList()
                .isEmpty());
  }

  /**
   * A refund through the tenant's Stripe; a Stripe error is a 502 with an error-log entry. A
   * destination charge's refund also takes back (in proportion) what was transferred to the
   * connected account and the tenant's application fee, so that the tenant does not pay the
   * customer back out of its own balance for money the account received.
   */
  Refund refund(Tenant tenant, String paymentIntentId, Long amount, String idempotencyKey) {
    RefundCreateParams.Builder params =
        RefundCreateParams.builder().setPaymentIntent(paymentIntentId);
    if (amount != null) {
      params.setAmount(amount);
    }
    if (destinationCharge(tenant, paymentIntentId)) {
      params.setReverseTransfer(true).setRefundApplicationFee(true);
    }
    try {
      return stripe
          .clientFor(tenant)
          .v1()
          .refunds()
          .create(
              params.build(),
              onAccount(
                  RequestOptions.builder().setIdempotencyKey(idempotencyKey),
                  paymentAccount(tenant, paymentIntentId)));
    } catch (StripeException e) {
      throw stripe.failure(tenant, "refunding payment " + paymentIntentId, e);
    }
  }

  static SessionCreateParams params(Tenant tenant, CheckoutRequest r, Instant expiresAt) {
    SessionCreateParams.Builder b =
        SessionCreateParams.builder()
            .setMode(
                r.mode() == CheckoutRequest.Mode.payment
                    ? SessionCreateParams.Mode.PAYMENT
                    : SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl(r.successUrl())
            .setClientReferenceId(r.reference())
            .setExpiresAt(expiresAt.getEpochSecond());
    // the payment's charge, disputes and refunds, or the subscription and its invoices, carry the
    // same marks as the session, so their events reach the vertical with its reference
    Map<String, String> metadata = new TreeMap<>(r.metadata());
    metadata.put("plinth_tenant", tenant.slug());
    metadata.put("plinth_vertical", tenant.vertical());
    metadata.put("plinth_reference", r.reference());
    b.putAllMetadata(metadata);
    if (r.mode() == CheckoutRequest.Mode.payment) {
      SessionCreateParams.PaymentIntentData.Builder payment =
          SessionCreateParams.PaymentIntentData.builder().putAllMetadata(metadata);
      ConnectedCharge connected = r.connected();
      if (connected != null) {
        if (connected.applicationFeeAmount() != null && connected.applicationFeeAmount() > 0) {
          payment.setApplicationFeeAmount(connected.applicationFeeAmount());
        }
        if (connected.type() == ConnectedCharge.ChargeType.destination) {
          payment.setTransferData(
              SessionCreateParams.PaymentIntentData.TransferData.builder()
                  .setDestination(connected.accountId())
                  .build());
        }
      }
      b.setPaymentIntentData(payment.build());
    } else {
      b.setSubscriptionData(
          SessionCreateParams.SubscriptionData.builder().putAllMetadata(metadata).build());
    }
    if (r.cancelUrl() != null) {
      b.setCancelUrl(r.cancelUrl());
    }
    if (r.customerId() != null) {
      b.setCustomer(r.customerId());
    } else if (r.customerEmail() != null) {
      b.setCustomerEmail(r.customerEmail());
    }
    for (CheckoutLine line : r.lines()) {
      SessionCreateParams.LineItem.Builder item =
          SessionCreateParams.LineItem.builder().setQuantity(line.quantity());
      if (line.priceId() != null) {
        item.setPrice(line.priceId());
      } else {
        if (r.mode() == CheckoutRequest.Mode.subscription) {
          throw new ApiException(
              400, "invalid_request", "a subscription checkout needs Stripe price ids");
        }
        item.setPriceData(
            SessionCreateParams.LineItem.PriceData.builder()
                .setCurrency(line.currency())
                .setUnitAmount(line.unitAmount())
                .setProductData(
                    SessionCreateParams.LineItem.PriceData.ProductData.builder()
                        .setName(line.name())
                        .build())
                .build());
      }
      b.addLineItem(item.build());
    }
    return b.build();
  }

  /**
   * The operation: the same request from the same tenant and vertical gives the same key, so a
   * retried call finds the session it already made (see {@link #earlier}). The expiry time is left
   * out: it moves with the clock.
   */
  static String idempotencyKey(Tenant tenant, String operation, CheckoutRequest r) {
    StringBuilder s =
        new StringBuilder(tenant.id().toString())
            .append('|')
            .append(tenant.vertical())
            .append('|')
            .append(operation)
            .append('|')
            .append(r.mode())
            .append('|')
            .append(r.reference())
            .append('|')
            .append(r.lines())
            .append('|')
            .append(r.customerEmail())
            .append('|')
            .append(new TreeMap<>(r.metadata()))
            .append('|')
            .append(r.successUrl())
            .append('|')
            .append(r.cancelUrl());
    if (r.customerId() != null) {
      // only then, so that the keys of the requests made before customers could be named stay
      s.append('|').append(r.customerId());
    }
    if (r.connected() != null) {
      s.append("|connected|").append(r.connected());
    }
    return "plinth-" + Tokens.sha256Hex(s.toString());
  }
}
