package dev.plinth.core.billing;

import dev.plinth.core.jobs.JobRuns;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenant.TenantService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reconciles every active tenant on a schedule ({@code PLINTH_RECONCILE_INTERVAL_MINUTES}, 0 to
 * turn it off), over the last {@code PLINTH_RECONCILE_DAYS}. A tenant whose Stripe call fails is
 * logged (by {@link TenantStripe}) and skipped; the others go on. Each tenant's reconciliation is
 * recorded in the jobs' history ({@link JobRuns}).
 */
@ApplicationScoped
public class ReconcileJob {

  private static final Logger LOG = Logger.getLogger(ReconcileJob.class.getName());

  @Resource(lookup = "concurrent/plinthScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject TenantService tenants;

  @Inject StripeSetupService setup;

  @Inject MigrationState migrations;

  @Inject JobRuns runs;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_RECONCILE_INTERVAL_MINUTES", defaultValue = "360")
  long intervalMinutes;

  @Inject
  @ConfigProperty(name = "PLINTH_RECONCILE_DAYS", defaultValue = "3")
  int days;

  private ScheduledFuture<?> scheduled;

  public synchronized void start() {
    if (intervalMinutes > 0) {
      scheduled =
          scheduler.scheduleWithFixedDelay(
              this::runOnce, intervalMinutes, intervalMinutes, TimeUnit.MINUTES);
    }
  }

  /** The application stops (or is redeployed): the schedule stops with it. */
  @PreDestroy
  synchronized void stop() {
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  void runOnce() {
    if (!migrations.isComplete()) {
      return;
    }
    UUID runId = UUID.randomUUID();
    int[] enqueued = {0};
    tenants.forEach(
        null,
        t -> {
          if (t.isSuspended()) {
            return;
          }
          Instant started = clock.instant();
          String error = null;
          try {
            enqueued[0] += setup.reconcile(t, days).enqueued();
          } catch (RuntimeException e) {
            // already in the error log; go on with the next tenant
            error = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
          }
          runs.record(
              new JobRuns.Run(
                  runId, JobRuns.RECONCILE, null, t.id(), started, clock.instant(), error, null));
        });
    LOG.info("Reconciliation enqueued " + enqueued[0] + " missed events");
  }
}
