package dev.plinth.credits;

import static dev.plinth.credits.Ledger.AVAILABLE;
import static dev.plinth.credits.Ledger.CLAWBACK;
import static dev.plinth.credits.Ledger.RESERVED;
import static dev.plinth.credits.Ledger.SPENT;
import static dev.plinth.credits.Ledger.STOCK;

import dev.plinth.credits.CreditsResource.Capacity;
import dev.plinth.credits.Ledger.Move;
import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.UserDirectory;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentEvent.CheckoutExpired;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaid;
import dev.plinth.spi.billing.PaymentEvent.CheckoutPaymentFailed;
import dev.plinth.spi.billing.PaymentEvent.DisputeClosed;
import dev.plinth.spi.billing.PaymentEvent.DisputeOpened;
import dev.plinth.spi.billing.PaymentEvent.PaymentRefunded;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Cursor;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Purchases, spends, and what Stripe's events do to them, all as entries of the {@link Ledger}: the
 * vertical's payment listener. Every event is idempotent (each move is posted under its cause, and
 * a purchase only moves forward: reserved, then paid or released) and order-safe (a refund claws
 * back up to the cumulative share Stripe reports, never less than before).
 */
@ApplicationScoped
@TenantTransactional
public class Credits extends Repository<Purchase> implements PaymentListener {

  private static final String SETTINGS = CreditsModule.ID + ".settings";

  private static final Logger LOG = Logger.getLogger(Credits.class.getName());

  @Inject Ledger ledger;

  @Inject UserDirectory directory;

  @Inject Notifications notifications;

  @Inject BillingService billing;

  @Inject CreditsConfig config;

  @Inject Clock clock;

  Credits() {
    super(CreditsModule.class, Purchase.class, "purchase");
  }

  // ---- the tenant's set-up

  void provision() {
    CreditPackage.DEFAULTS.forEach(p -> add(p.copy()));
    sql("INSERT INTO credits.settings (tenant_id) VALUES (?1) ON CONFLICT DO NOTHING")
        .executeUpdate();
    ledger.post(
        new Move(
            "capacity:initial",
            "capacity",
            STOCK,
            AVAILABLE,
            config.initialCapacity(),
            null,
            null));
  }

  public List<CreditPackage> packages() {
    return select(CreditPackage.class, "SELECT p FROM CreditPackage p ORDER BY p.rank")
        .getResultList();
  }

  public CreditPackage addPackage(String code, String name, long credits, long price) {
    if (byId(CreditPackage.class, code).isPresent()) {
      throw ApiException.conflict("package_exists", "there is a package '" + code + "' already");
    }
    int rank =
        ((Number)
                first(select(Integer.class, "SELECT COALESCE(MAX(p.rank), 0) FROM CreditPackage p"))
                    .orElse(0))
            .intValue();
    return add(new CreditPackage(code, name, credits, price, rank + 1));
  }

  public CreditPackage changePackage(
      String code, String name, long credits, long price, boolean active) {
    CreditPackage p =
        lock(CreditPackage.class, code)
            .orElseThrow(() -> ApiException.notFound("no package " + code));
    p.change(name, credits, price, active);
    return p;
  }

  public boolean allowUserSpend() {
    return setting(Boolean.class, SETTINGS, "allow_user_spend").orElse(false);
  }

  public void allowUserSpend(boolean allow) {
    setting(SETTINGS, "allow_user_spend", allow);
  }

  // ---- capacity

  public Capacity capacity() {
    Map<String, Long> b = ledger.balances(STOCK, AVAILABLE, RESERVED, SPENT);
    long total = -b.get(STOCK);
    long available = b.get(AVAILABLE);
    long reserved = b.get(RESERVED);
    return new Capacity(total, available, reserved, total - available - reserved, b.get(SPENT));
  }

  /**
   * Sets the total capacity: the difference moves between the stock and what is available. It
   * cannot fall below what is sold or reserved (409 {@code capacity_in_use}).
   */
  public Capacity setCapacity(long total) {
    // one change at a time: the settings row is the tenant's lock
    sql("SELECT 1 FROM credits.settings WHERE tenant_id = ?1 FOR UPDATE").getResultList();
    long delta = total - (-ledger.balance(STOCK));
    String cause = "capacity:" + UUID.randomUUID();
    if (delta > 0) {
      ledger.post(new Move(cause, "capacity", STOCK, AVAILABLE, delta, null, null));
    } else if (delta < 0
        && ledger
            .postIfCovered(new Move(cause, "capacity", AVAILABLE, STOCK, -delta, null, null))
            .isEmpty()) {
      Capacity now = capacity();
      throw new ApiException(
          409,
          "capacity_in_use",
          "the capacity cannot fall below what is sold or reserved ("
              + (now.sold() + now.reserved())
              + ")",
          Map.of("minimum", now.sold() + now.reserved()));
    }
    return capacity();
  }

  // ---- purchases

  /**
   * Records a purchase with its credits reserved against the capacity, in one check-and-debit: two
   * buyers cannot both take the last credits. 409 {@code capacity_exhausted} otherwise, and 409
   * {@code too_many_open_purchases} for a user who already holds {@code
   * credits.open-purchases-per-user} unpaid ones.
   */
  public Purchase reserve(String userRef, String packageCode) {
    registered(userRef);
    CreditPackage p =
        byId(CreditPackage.class, packageCode)
            .filter(CreditPackage::active)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "packageCode", "no package '" + packageCode + "' on sale"));
    long open =
        select(
                Long.class,
                "SELECT COUNT(p) FROM Purchase p WHERE p.userRef = :user"
                    + " AND p.status = dev.plinth.credits.Purchase.Status.reserved",
                "user",
                userRef)
            .getSingleResult();
    if (open >= config.openPurchasesPerUser()) {
      throw new ApiException(
          409,
          "too_many_open_purchases",
          "the user has "
              + open
              + " purchases waiting for payment; pay or let one expire before starting another",
          Map.of("open", open));
    }
    Purchase purchase = add(new Purchase(userRef, p, clock.instant()));
    Move reserve =
        new Move(
            "reserve:" + purchase.id(),
            "reserved",
            AVAILABLE,
            RESERVED,
            p.credits(),
            null,
            packageCode);
    OptionalLong left = ledger.postIfCovered(reserve);
    if (left.isEmpty()) {
      long available = ledger.balance(AVAILABLE);
      throw new ApiException(
          409,
          "capacity_exhausted",
          "only " + available + " credits are left to sell; the package has " + p.credits(),
          Map.of("available", available));
    }
    alertIfLow(left.getAsLong(), p.credits());
    return purchase;
  }

  /**
   * Tells the owner once when taking {@code taken} credits left {@code after} available, below the
   * threshold: takings wait on the available balance's row, so exactly one crosses it.
   */
  private void alertIfLow(long after, long taken) {
    if (after + taken >= config.lowCapacity() && after < config.lowCapacity()) {
      notifyOwner(
          "Your credits are running low",
          "Only "
              + after
              + " credits are left to sell (the alert is set at "
              + config.lowCapacity()
              + "). Raise the capacity to keep selling.",
          "credits.low_capacity");
    }
  }

  public void attach(UUID purchaseId, String sessionId) {
    requireLocked(purchaseId).attach(sessionId);
  }

  /** Gives a purchase's reservation back to the capacity, if it is still reserved. */
  public void release(UUID purchaseId) {
    lock(purchaseId).ifPresent(this::release);
  }

  private void release(Purchase p) {
    if (p.status() == Purchase.Status.reserved) {
      ledger.post(
          new Move("release:" + p.id(), "released", RESERVED, AVAILABLE, p.credits(), null, null));
      p.released();
    }
  }

  private Optional<Purchase> purchase(PaymentEvent event) {
    try {
      return event.reference() == null
          ? Optional.empty()
          : lock(UUID.fromString(event.reference()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public void checkoutPaid(CheckoutPaid event) {
    Purchase p = purchase(event).orElseThrow(() -> unknown(event));
    if (p.status() == Purchase.Status.reserved) {
      ledger.post(paid(p, RESERVED));
      p.paid(event.created(), event.facts().paymentIntentId(), event.facts().customerId());
    } else if (p.status() == Purchase.Status.released) {
      paidAfterRelease(p, event);
    }
  }

  /**
   * A purchase paid after its reservation went back to the capacity, which happens only when
   * attaching its session and expiring it both failed, so the session stayed payable. The credits
   * are taken from the capacity again if it still has them; if not, the payment is refunded in full
   * (once, whatever the retries) and the owner told, since Plinth never sells past the capacity.
   */
  private void paidAfterRelease(Purchase p, CheckoutPaid event) {
    OptionalLong left = ledger.postIfCovered(paid(p, AVAILABLE));
    if (left.isPresent()) {
      p.paid(event.created(), event.facts().paymentIntentId(), event.facts().customerId());
      alertIfLow(left.getAsLong(), p.credits());
      LOG.info("purchase " + p.id() + " was paid after its reservation went back; re-reserved");
      return;
    }
    billing.refundInFull(event.facts(), "credits-unfilled:" + p.id());
    p.unfilled(event.created(), event.facts().paymentIntentId(), event.facts().customerId());
    notifyOwner(
        "A credits payment was refunded: no capacity left",
        "User "
            + p.userRef()
            + " paid for "
            + p.credits()
            + " credits after their reservation had lapsed, and the capacity no longer had them."
            + " The payment ("
            + event.facts().paymentIntentId()
            + ") was refunded in full. Raise the capacity to keep selling.",
        "credits.unfilled");
  }

  /** The move that gives a paid purchase's credits to its user, from {@code account}. */
  private static Move paid(Purchase p, String account) {
    return new Move(
        "paid:" + p.id(),
        "purchase",
        account,
        Ledger.user(p.userRef()),
        p.credits(),
        p.userRef(),
        p.packageCode());
  }

  @Override
  public void checkoutExpired(CheckoutExpired event) {
    purchase(event).ifPresent(this::release);
  }

  /**
   * A delayed payment failed: the reservation is released. The owner hears of it from the payment's
   * own {@code payment_intent.payment_failed}, as of a declined card.
   */
  @Override
  public void checkoutPaymentFailed(CheckoutPaymentFailed event) {
    purchase(event).ifPresent(this::release);
  }

  /**
   * Claws back the refunded share of the purchase's credits ({@link Purchase#clawbackFor}), from
   * what a dispute froze first, then from the user, whose balance may go negative.
   */
  @Override
  public void paymentRefunded(PaymentRefunded event) {
    Purchase p = paid(event);
    if (p.status() != Purchase.Status.paid || event.refunded() == null) {
      return;
    }
    long charged =
        event.facts().amount() == null ? p.priceAmount() : event.facts().amount().amount();
    long target = Purchase.clawbackFor(p.credits(), event.refunded().amount(), charged);
    clawBack(p, target - p.clawedBack(), "refund:" + p.id() + ":" + target, "refund");
  }

  private void clawBack(Purchase p, long credits, String cause, String kind) {
    if (credits <= 0) {
      return;
    }
    long fromFrozen = Math.min(credits, p.frozen());
    if (fromFrozen > 0
        && ledger.post(
            new Move(
                cause + ":frozen",
                kind,
                Ledger.frozen(p.userRef()),
                CLAWBACK,
                fromFrozen,
                p.userRef(),
                null))) {
      p.frozen(p.frozen() - fromFrozen);
      p.clawedBack(fromFrozen);
    }
    long rest = credits - fromFrozen;
    if (rest > 0
        && ledger.post(
            new Move(cause, kind, Ledger.user(p.userRef()), CLAWBACK, rest, p.userRef(), null))) {
      p.clawedBack(rest);
    }
  }

  /**
   * Freezes what is left of the purchase's credits (as far as the user still holds them) until the
   * dispute closes.
   */
  @Override
  public void disputeOpened(DisputeOpened event) {
    Purchase p = paid(event);
    if (p.status() != Purchase.Status.paid
        || p.frozen() > 0
        || p.disputeClosed(event.disputeId())) {
      return;
    }
    long held =
        ledger.postUpTo(
            new Move(
                "dispute:" + event.disputeId() + ":frozen",
                "frozen",
                Ledger.user(p.userRef()),
                Ledger.frozen(p.userRef()),
                p.left(),
                p.userRef(),
                event.reason()));
    if (held > 0) {
      p.frozen(held);
    }
  }

  /** Won: the frozen credits are the user's again. Lost: all that is left is clawed back. */
  @Override
  public void disputeClosed(DisputeClosed event) {
    Purchase p = paid(event);
    if (p.status() != Purchase.Status.paid || p.disputeClosed(event.disputeId())) {
      return;
    }
    p.closeDispute(event.disputeId());
    String cause = "dispute:" + event.disputeId();
    if (event.won()) {
      if (p.frozen() > 0
          && ledger.post(
              new Move(
                  cause + ":won",
                  "unfrozen",
                  Ledger.frozen(p.userRef()),
                  Ledger.user(p.userRef()),
                  p.frozen(),
                  p.userRef(),
                  null))) {
        p.frozen(0);
      }
    } else {
      clawBack(p, p.credits() - p.clawedBack(), cause + ":lost", "dispute_lost");
    }
  }

  /**
   * A declined card ({@code payment_intent.payment_failed}): the checkout stays open and payable,
   * so the reservation stays; the failure is recorded once and the owner told.
   */
  void paymentFailed(StripeEvent event) {
    Optional<String> reference = event.reference(CreditsModule.ID, tenant.slug());
    if (reference.isEmpty()) {
      return;
    }
    JsonObject pi = event.object();
    Optional<Purchase> p = reference.flatMap(Ids::tryParse).flatMap(this::byId);
    String message = event.paymentError().orElse("the payment was declined");
    int recorded =
        sql(
                "INSERT INTO credits.failed_payments (tenant_id, event_id, purchase_id, user_ref,"
                    + " payment_intent_id, message, failed_at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                event.id(),
                p.map(Purchase::id).orElse(null))
            .setParameter(4, p.map(Purchase::userRef).orElse(null))
            .setParameter(5, pi.getString("id", null))
            .setParameter(6, message)
            .setParameter(7, Timestamp.from(event.created()))
            .executeUpdate();
    LOG.info("credits: payment " + pi.getString("id", "?") + " declined: " + message);
    if (recorded == 1) {
      notifyOwner(
          "A credits payment failed",
          "A payment for "
              + p.map(x -> x.credits() + " credits by user " + x.userRef()).orElse("credits")
              + " was declined: "
              + message
              + ". The checkout stays open, so the customer can try again.",
          "credits.payment_failed");
    }
  }

  public List<CreditsResource.FailedPayment> failedPayments(int limit) {
    return rows(
        CreditsResource.FailedPayment.class,
        "SELECT event_id, CAST(purchase_id AS text), user_ref, payment_intent_id, message,"
            + " failed_at FROM credits.failed_payments WHERE tenant_id = ?1"
            + " ORDER BY failed_at DESC LIMIT ?2",
        limit);
  }

  private void notifyOwner(String subject, String body, String kind) {
    String to = tenant.ownerEmail();
    if (to != null) {
      notifications.enqueue(new Notification(to, subject, body, kind));
    }
  }

  /**
   * The purchase a refund or dispute is about. One that is still reserved has its payment's event
   * on the way (events come in no order): this one fails, to be retried once it is paid.
   */
  private Purchase paid(PaymentEvent event) {
    Purchase p = purchase(event).orElseThrow(() -> unknown(event));
    if (p.status() == Purchase.Status.reserved) {
      throw new IllegalStateException(
          "purchase "
              + p.id()
              + " is not paid yet; event "
              + event.facts().eventId()
              + " is retried");
    }
    return p;
  }

  private static IllegalStateException unknown(PaymentEvent event) {
    return new IllegalStateException(
        "no purchase " + event.reference() + " for event " + event.facts().eventId());
  }

  // ---- spending

  /** The answer to a spend: 201 with the balance, or 402 with it. */
  public record Spent(int status, long balance) {}

  /**
   * Spends the user's credits, once per idempotency key: the first answer (a 402 too) is the answer
   * to every repeat of the same key and body; the same key with another body is 409 {@code
   * idempotency_key_reused}. The check and the debit are one statement, so concurrent spends never
   * take the balance below zero.
   */
  public Spent spend(String userRef, long credits, String reason, String key) {
    registered(userRef);
    int fresh =
        sql(
                "INSERT INTO credits.spends (tenant_id, idempotency_key, user_ref, credits, reason,"
                    + " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                key,
                userRef,
                credits,
                reason,
                clock.instant())
            .executeUpdate();
    if (fresh == 0) {
      Object[] first =
          (Object[])
              sql(
                      "SELECT user_ref, credits, reason, status, balance FROM credits.spends"
                          + " WHERE tenant_id = ?1 AND idempotency_key = ?2",
                      key)
                  .getSingleResult();
      if (!userRef.equals(first[0])
          || credits != ((Number) first[1]).longValue()
          || !java.util.Objects.equals(reason, first[2])) {
        throw ApiException.conflict(
            "idempotency_key_reused", "the idempotency key was used for another spend");
      }
      return new Spent(((Number) first[3]).intValue(), ((Number) first[4]).longValue());
    }
    OptionalLong left =
        ledger.postIfCovered(
            new Move(
                "spend:" + key, "spend", Ledger.user(userRef), SPENT, credits, userRef, reason));
    Spent answer =
        left.isPresent()
            ? new Spent(201, left.getAsLong())
            : new Spent(402, ledger.balance(Ledger.user(userRef)));
    sql(
            "UPDATE credits.spends SET status = ?3, balance = ?4"
                + " WHERE tenant_id = ?1 AND idempotency_key = ?2",
            key,
            answer.status(),
            answer.balance())
        .executeUpdate();
    return answer;
  }

  // ---- views

  public CreditsResource.BalanceView balance(String userRef, Cursor before, int limit) {
    registered(userRef);
    Map<String, Long> b = ledger.balances(Ledger.user(userRef), Ledger.frozen(userRef));
    long balance = b.get(Ledger.user(userRef));
    Page<CreditsResource.EntryView> page = ledger.history(userRef, before, limit).map(Entry::view);
    return new CreditsResource.BalanceView(
        userRef,
        balance,
        b.get(Ledger.frozen(userRef)),
        balance < 0,
        page.rows(),
        page.nextBefore());
  }

  /** Purchases after the cursor {@code before} (from the newest when null), newest first. */
  public CreditsResource.PurchaseLog recent(Cursor before, int limit) {
    Page<CreditsResource.PurchaseRow> page =
        page("SELECT p FROM Purchase p", before, limit).map(Purchase::row);
    return new CreditsResource.PurchaseLog(page.rows(), page.nextBefore());
  }

  /**
   * Paid purchases between {@code from} and {@code to}, grouped by {@code group}: a SQL expression
   * over the purchases' columns (the package, or the UTC day of payment). Each row: the group,
   * purchases, credits, revenue.
   */
  private <R extends Record> List<R> sales(
      Class<R> record, String group, Instant from, Instant to) {
    return rows(
        record,
        "SELECT "
            + group
            + ", count(*), sum(credits), sum(price_amount) FROM credits.purchases"
            + " WHERE tenant_id = ?1 AND status = 'paid' AND paid_at >= ?2 AND paid_at < ?3"
            + " GROUP BY 1 ORDER BY 1",
        from,
        to);
  }

  public List<CreditsResource.PackageSales> salesByPackage(Instant from, Instant to) {
    return sales(CreditsResource.PackageSales.class, "package_code", from, to);
  }

  public List<CreditsResource.DaySales> salesByDay(Instant from, Instant to) {
    return sales(
        CreditsResource.DaySales.class,
        "to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        from,
        to);
  }

  public long failedPaymentCount() {
    return number(
        sql("SELECT count(*) FROM credits.failed_payments WHERE tenant_id = ?1").getSingleResult());
  }

  private static long number(Object o) {
    return ((Number) o).longValue();
  }

  public Optional<Purchase> bySession(String sessionId) {
    return em().createQuery("SELECT p FROM Purchase p WHERE p.sessionId = :s", Purchase.class)
        .setParameter("s", sessionId)
        .getResultStream()
        .findFirst();
  }

  private void registered(String userRef) {
    if (directory.find(userRef).isEmpty()) {
      throw ApiException.notFound("no user " + userRef);
    }
  }
}
