package dev.plinth.core.webhook;

import dev.plinth.core.billing.CoreBillingHandlers;
import dev.plinth.core.billing.events.Owner;
import dev.plinth.core.billing.events.PaymentEventDispatcher;
import dev.plinth.core.billing.events.PaymentEventTranslator;
import dev.plinth.core.billing.events.RecordedOwners;
import dev.plinth.core.errorlog.Category;
import dev.plinth.core.errorlog.ErrorContext;
import dev.plinth.core.errorlog.ErrorLog;
import dev.plinth.core.errorlog.RequestInfo;
import dev.plinth.core.metrics.PlinthMetrics;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenancy.TenantWork;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.Severity;
import dev.plinth.spi.billing.StripeEvent;
import dev.plinth.spi.billing.StripeEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Processes one claimed event: the core's billing handlers run, then the vertical's payment
 * listener (with the event translated to a typed payment event, if it is one of the vertical's),
 * then its raw handler for the type, and the event is marked, in one transaction scoped to the
 * tenant; either all of it commits or none does. A failure is recorded in a transaction of its own,
 * with a retry time from the {@link RetrySchedule}, or as dead after the last attempt, and goes
 * into the error log with the tenant, event id and type.
 *
 * <p>The event is marked with the vertical's reference its Stripe object belongs to ({@link
 * PaymentEventTranslator#ownerOf}), found before the handlers run: the tenant's logs are filtered
 * by it, and anything the error log records while the event is processed carries it and the event's
 * id.
 */
@ApplicationScoped
public class EventProcessor {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject VerticalRegistry verticals;

  @Inject CurrentTenant currentTenant;

  @Inject TenantWork tenantWork;

  @Inject ErrorLog errorLog;

  @Inject CoreBillingHandlers billing;

  @Inject PaymentEventDispatcher payments;

  @Inject RecordedOwners owners;

  @Inject RequestInfo request;

  @Inject Clock clock;

  @Inject PlinthMetrics metrics;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_RETRY_SCHEDULE", defaultValue = RetrySchedule.DEFAULT)
  String retrySchedule;

  /** The claim was taken over by another worker after this one's lease ran out. */
  static final class LeaseLost extends RuntimeException {
    LeaseLost() {
      super("the claim's lease ran out and another worker took the event", null, false, false);
    }
  }

  public void process(WebhookWorker.Claim claim) {
    tenantWork.asSystem(
        claim.tenantId(),
        claim.slug(),
        claim.vertical(),
        claim.ownerEmail(),
        () -> processBound(claim));
  }

  /**
   * The event's {@code account}, only as a Connect intake (or Plinth's own reconciliation, which
   * reads each account's events from Stripe with {@code Stripe-Account}) recorded it. A delivery on
   * the tenant's ordinary endpoint is signed with a secret the tenant controls, so its {@code
   * account} could name anyone's account: it is dropped, and such an event is the tenant's own.
   */
  static java.util.Optional<String> trustedAccount(
      WebhookWorker.Claim claim, StripeEventEnvelope envelope) {
    return "webhook".equals(claim.source()) ? java.util.Optional.empty() : envelope.account();
  }

  private void processBound(WebhookWorker.Claim claim) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    String eventId = null;
    String type = null;
    try {
      eventId = claim.eventId();
      type = claim.type();
      StripeEventEnvelope envelope = StripeEventEnvelope.parse(claim.payload());
      StripeEvent event =
          new StripeEvent(
              envelope.id(),
              envelope.type(),
              envelope.created(),
              trustedAccount(claim, envelope),
              envelope.object());
      String outcome =
          transactions.inTenant(
              claim.tenantId(),
              claim.vertical(),
              () -> {
                lockObject(claim);
                String reference = referenceOf(event, claim);
                request.event(event.id(), reference);
                StripeEventHandler handler = verticals.handler(claim.vertical(), event.type());
                boolean core = billing.handle(event, claim.tenantId(), claim.vertical());
                boolean typed = payments.dispatch(event, claim.tenantId(), claim.vertical());
                if (handler != null) {
                  handler.handle(event, currentTenant);
                }
                boolean handled = core || typed || handler != null;
                String status = handled ? "completed" : "skipped";
                finish(claim, status, null, null, started, t0, reference);
                return status;
              });
      measured(claim, outcome, t0);
    } catch (LeaseLost e) {
      // another worker owns the event now; this attempt's effects were rolled back
    } catch (Exception e) {
      failed(claim, eventId, type, e, started, t0);
    }
  }

  /**
   * The reference, in the tenant's own vertical, of the checkout the event's object belongs to;
   * null if it belongs to none.
   */
  private String referenceOf(StripeEvent event, WebhookWorker.Claim claim) {
    return PaymentEventTranslator.ownerOf(event, owners.of(claim.tenantId()))
        .filter(o -> o.vertical().equals(claim.vertical()))
        .map(Owner::reference)
        .orElse(null);
  }

  /**
   * Holds the event's Stripe object for the rest of the transaction, so that two workers never
   * process events of the same object at once: the second waits for the first to commit.
   */
  private void lockObject(WebhookWorker.Claim claim) {
    if (claim.objectId() != null) {
      em.createNativeQuery(
              "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) l")
          .setParameter(1, claim.tenantId() + "|" + claim.objectId())
          .getSingleResult();
    }
  }

  private void failed(
      WebhookWorker.Claim claim,
      String eventId,
      String type,
      Exception e,
      Instant started,
      long t0) {
    RetrySchedule schedule = RetrySchedule.parse(retrySchedule);
    Duration delay = schedule.delayAfter(claim.attempt());
    String status = delay == null ? "dead" : "failed";
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    // found in the attempt's transaction before it failed; null if it failed before that
    String reference =
        eventId != null && eventId.equals(request.eventId()) ? request.reference() : null;
    try {
      transactions.inTenant(
          claim.tenantId(),
          claim.vertical(),
          () -> {
            finish(claim, status, message, delay, started, t0, reference);
            return null;
          });
    } catch (LeaseLost lost) {
      return;
    }
    measured(claim, status, t0);
    errorLog.record(
        delay == null ? Severity.HIGH : Severity.ERROR,
        Category.webhook,
        "event "
            + eventId
            + " ("
            + type
            + ") failed on attempt "
            + claim.attempt()
            + (delay == null ? ", now dead" : ", retrying in " + delay.toSeconds() + " s")
            + ": "
            + message,
        e,
        ErrorContext.of(claim.tenantId(), "webhook-worker").withEvent(eventId, reference));
  }

  private void measured(WebhookWorker.Claim claim, String outcome, long t0) {
    metrics.processed(
        claim.vertical(), outcome, claim.attempt(), Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Marks the event and records the attempt, if this claim still holds it. */
  private void finish(
      WebhookWorker.Claim claim,
      String status,
      String error,
      Duration retryIn,
      Instant started,
      long t0,
      String reference) {
    Instant now = clock.instant();
    int ms = (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    // the event's status and its attempt, in one statement: the attempt is written only if this
    // claim still held the event
    int updated =
        em.createNativeQuery(
                "WITH done AS (UPDATE core.webhook_events SET status = CAST(?1 AS text),"
                    + " last_error = ?2,"
                    + " next_attempt_at = coalesce(CAST(?3 AS timestamptz), next_attempt_at),"
                    + " locked_until = NULL, claim_token = NULL, processing_ms = ?5,"
                    + " reference = coalesce(CAST(?11 AS text), reference),"
                    + " processed_at = CASE WHEN CAST(?1 AS text) IN ('completed', 'skipped')"
                    + " THEN CAST(?4 AS timestamptz) ELSE processed_at END"
                    + " WHERE id = ?6 AND status = 'processing' AND claim_token = ?7"
                    + " RETURNING id, tenant_id)"
                    + " INSERT INTO core.webhook_attempts (id, tenant_id, event_ref, attempt,"
                    + " outcome, error, started_at, duration_ms)"
                    + " SELECT ?8, tenant_id, id, ?9, CAST(?1 AS text), ?2, ?10, ?5 FROM done")
            .setParameter(1, status)
            .setParameter(2, error)
            .setParameter(3, retryIn == null ? null : Timestamp.from(now.plus(retryIn)))
            .setParameter(4, Timestamp.from(now))
            .setParameter(5, ms)
            .setParameter(6, claim.id())
            .setParameter(7, claim.token())
            .setParameter(8, UUID.randomUUID())
            .setParameter(9, claim.attempt())
            .setParameter(10, Timestamp.from(started))
            .setParameter(11, reference)
            .executeUpdate();
    if (updated == 0) {
      throw new LeaseLost();
    }
  }
}
