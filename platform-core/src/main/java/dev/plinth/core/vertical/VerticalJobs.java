package dev.plinth.core.vertical;

import dev.plinth.core.errorlog.Category;
import dev.plinth.core.errorlog.ErrorContext;
import dev.plinth.core.errorlog.ErrorLog;
import dev.plinth.core.jobs.JobRuns;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.TenantWork;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantService;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.Severity;
import dev.plinth.spi.TenantJob;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the verticals' {@link TenantJob}s: each on its own schedule, once for every tenant onboarded
 * onto its vertical (suspended ones too: their holds still expire), with the tenant bound through
 * {@link TenantWork}, so that no tenant outlives its run. A failure for one tenant goes to the
 * error log and the others go on. Each tenant's run is recorded in the jobs' history ({@link
 * JobRuns}). Nothing runs before the migrations are complete.
 */
@ApplicationScoped
public class VerticalJobs {

  private static final Logger LOG = Logger.getLogger(VerticalJobs.class.getName());

  @Resource(lookup = "concurrent/plinthScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject VerticalRegistry verticals;

  @Inject TenantService tenants;

  @Inject TenantWork tenantWork;

  @Inject ErrorLog errorLog;

  @Inject MigrationState migrations;

  @Inject JobRuns runs;

  @Inject Clock clock;

  /** What one run of a job did. */
  public record Run(int tenants, int failed) {}

  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  public synchronized void start() {
    for (String id : verticals.ids()) {
      PlinthVertical v = verticals.find(id).orElseThrow();
      for (TenantJob job : v.jobs()) {
        long every = job.every().toMillis();
        scheduled.add(
            scheduler.scheduleWithFixedDelay(
                () -> {
                  try {
                    runAll(v, job);
                  } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "job " + id + "/" + job.name() + " failed", e);
                  }
                },
                every,
                every,
                TimeUnit.MILLISECONDS));
      }
    }
  }

  /** The application stops (or is redeployed): its jobs stop with it. */
  @PreDestroy
  synchronized void stop() {
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
  }

  /** The job {@code name} of vertical {@code vertical}, if there is one. */
  public Optional<TenantJob> find(String vertical, String name) {
    return verticals.find(vertical).stream()
        .flatMap(v -> v.jobs().stream())
        .filter(j -> j.name().equals(name))
        .findFirst();
  }

  /** Runs the job now for every tenant of its vertical. */
  public Run runAll(PlinthVertical vertical, TenantJob job) {
    if (!migrations.isComplete()) {
      return new Run(0, 0);
    }
    UUID runId = UUID.randomUUID();
    int[] failed = {0};
    int ran =
        tenants.forEach(
            vertical.id(),
            t -> {
              if (!runFor(t, vertical, job, runId)) {
                failed[0]++;
              }
            });
    return new Run(ran, failed[0]);
  }

  /** Runs the job for one tenant and records the run in the jobs' history. */
  private boolean runFor(Tenant t, PlinthVertical vertical, TenantJob job, UUID runId) {
    String name = JobRuns.jobName(vertical.id(), job.name());
    Instant started = clock.instant();
    String error = null;
    String errorId = null;
    try {
      tenantWork.asSystem(t.id(), t.slug(), t.vertical(), t.ownerEmail(), job.work());
    } catch (RuntimeException e) {
      error = "job " + name + " failed: " + e.getMessage();
      errorId =
          errorLog.record(
              Severity.ERROR, Category.vertical, error, e, ErrorContext.of(t.id(), "job:" + name));
    }
    runs.record(
        new JobRuns.Run(
            runId, name, vertical.id(), t.id(), started, clock.instant(), error, errorId));
    return error == null;
  }
}
