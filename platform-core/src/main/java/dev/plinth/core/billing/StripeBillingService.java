package dev.plinth.core.billing;

import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.db.SqlValues;
import dev.plinth.core.security.Tokens;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.RedirectUrls;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.Money;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  @Inject PlinthConfig config;

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
                  RequestOptions.builder()
                      // Stripe refuses a key reused with other parameters, so the expiry is in it
                      // and a new session after expired or paid ones needs a new key
                      .setIdempotencyKey(
                          operation + "-" + expiresAt.getEpochSecond() + "-" + earlier.made())
                      .build());
    } catch (StripeException e) {
      throw stripe.failure(tenant, "creating a checkout session", e);
    }
    Instant expires =
        session.getExpiresAt() == null ? expiresAt : Instant.ofEpochSecond(session.getExpiresAt());
    transactions.inTenant(
        tenant.id(),
        tenant.vertical(),
        () ->
            em.createNativeQuery(
                    "INSERT INTO core.checkout_sessions (id, tenant_id, stripe_session_id, vertical,"
                        + " reference, mode, status, payment_status, amount_total, currency,"
                        + " customer_email, url, expires_at, created_at, updated_at, request_key)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11, ?12,"
                        + " ?13, ?13, ?14) ON CONFLICT (tenant_id, stripe_session_id) DO NOTHING")
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
                .executeUpdate());
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
      stripe
          .clientFor(tenant)
          .v1()
          .checkout()
          .sessions()
          .expire(
              sessionId,
              RequestOptions.builder()
                  .setIdempotencyKey("plinth-expire-" + tenant.id() + "-" + sessionId)
                  .build());
    } catch (StripeException e) {
      throw stripe.failure(tenant, "expiring checkout session " + sessionId, e);
    }
  }

  @Override
  public <T> CheckoutIntent.Started<T> checkout(CheckoutIntent<T> intent) {
    return CheckoutIntent.run(intent, this::createCheckout, this::expireCheckout);
  }

  @Override
  public Subscription subscription(String subscriptionId) {
    throw new UnsupportedOperationException("subscriptions are not wired yet");
  }

  @Override
  public Subscription cancelSubscription(String subscriptionId, boolean atPeriodEnd) {
    throw new UnsupportedOperationException("subscriptions are not wired yet");
  }

  @Override
  public Subscription resumeSubscription(String subscriptionId) {
    throw new UnsupportedOperationException("subscriptions are not wired yet");
  }

  @Override
  public Subscription changePrice(String subscriptionId, String priceId) {
    throw new UnsupportedOperationException("subscriptions are not wired yet");
  }

  @Override
  public String createRecurringPrice(
      String lookupKey, String productName, Money amount, String interval) {
    throw new UnsupportedOperationException("prices are not wired yet");
  }

  @Override
  public String billingPortalUrl(String customerId, String returnUrl) {
    throw new UnsupportedOperationException("the billing portal is not wired yet");
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

  /** A refund through the tenant's Stripe; a Stripe error is a 502 with an error-log entry. */
  Refund refund(Tenant tenant, String paymentIntentId, Long amount, String idempotencyKey) {
    RefundCreateParams.Builder params =
        RefundCreateParams.builder().setPaymentIntent(paymentIntentId);
    if (amount != null) {
      params.setAmount(amount);
    }
    try {
      return stripe
          .clientFor(tenant)
          .v1()
          .refunds()
          .create(
              params.build(), RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
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
            .setExpiresAt(expiresAt.getEpochSecond())
            .putMetadata("plinth_tenant", tenant.slug())
            .putMetadata("plinth_vertical", tenant.vertical())
            .putMetadata("plinth_reference", r.reference());
    if (r.cancelUrl() != null) {
      b.setCancelUrl(r.cancelUrl());
    }
    if (r.customerEmail() != null) {
      b.setCustomerEmail(r.customerEmail());
    }
    r.metadata().forEach(b::putMetadata);
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
    return "plinth-" + Tokens.sha256Hex(s.toString());
  }
}
