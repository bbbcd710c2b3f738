package dev.plinth.core.jobs;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.spi.web.Cursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The history of scheduled work in {@code core.job_runs}: each run of a vertical's job for one
 * tenant, and each run of the host's own jobs ({@value #RETENTION}, {@value #RECONCILE}). A
 * vertical's job is named {@code <vertical>/<name>}, as in {@code POST /api/admin/jobs/...}.
 * Recording never fails the work: a run that cannot be recorded goes to the server log.
 */
@ApplicationScoped
public class JobRuns {

  private static final Logger LOG = Logger.getLogger(JobRuns.class.getName());

  public static final String RETENTION = "retention";
  public static final String RECONCILE = "reconcile";

  /** The host's own jobs, as {@code GET /api/admin/jobs} lists them. */
  public static final List<String> PLATFORM_JOBS = List.of(RETENTION, RECONCILE);

  static final int MAX_ERROR = 2_000;

  private static final String COLUMNS =
      "r.id, r.run_id, r.job, r.vertical, t.slug, r.started_at, r.finished_at, r.outcome, r.error,"
          + " r.error_id";

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject JobRunWriter writer;

  @Inject Clock clock;

  /**
   * One run of a job, for one tenant or none.
   *
   * @param runId the same for every tenant's row of one run of a vertical's job
   * @param error why it failed; null when it succeeded
   * @param errorId its error-log entry, if it has one
   */
  public record Run(
      UUID runId,
      String job,
      String vertical,
      UUID tenantId,
      Instant started,
      Instant finished,
      String error,
      String errorId) {

    public Run {
      if (error != null && error.length() > MAX_ERROR) {
        error = error.substring(0, MAX_ERROR) + "...";
      }
    }
  }

  /** The name of a vertical's job in the history. */
  public static String jobName(String vertical, String name) {
    return vertical + "/" + name;
  }

  /** Records a run; never throws. */
  public void record(Run run) {
    try {
      writer.write(run);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not record " + run, e);
    }
  }

  /**
   * Runs one of the host's jobs and records the run, failed if {@code work} throws (which is then
   * rethrown).
   */
  public <T> T track(String job, Supplier<T> work) {
    Instant started = clock.instant();
    try {
      T result = work.get();
      record(new Run(UUID.randomUUID(), job, null, null, started, clock.instant(), null, null));
      return result;
    } catch (RuntimeException e) {
      String error = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      record(new Run(UUID.randomUUID(), job, null, null, started, clock.instant(), error, null));
      throw e;
    }
  }

  /**
   * The last run of {@code job}, all its tenants' rows together: {@code runId}, {@code startedAt}
   * (the first row's), {@code finishedAt} (the last row's), {@code outcome} ({@code failed} if any
   * row failed), {@code tenants}, {@code failed} and the latest {@code error}, if any.
   */
  public Optional<JsonObject> lastRun(String job) {
    List<?> rows =
        transactions.inPlatform(
            () ->
                em.createNativeQuery(
                        "SELECT run_id, min(started_at), max(finished_at), count(tenant_id),"
                            + " count(*) FILTER (WHERE outcome = 'failed'),"
                            + " (array_agg(error ORDER BY finished_at DESC)"
                            + "   FILTER (WHERE error IS NOT NULL))[1]"
                            + " FROM core.job_runs WHERE run_id = (SELECT run_id FROM"
                            + " core.job_runs WHERE job = ?1 ORDER BY started_at DESC, id DESC"
                            + " LIMIT 1) GROUP BY run_id")
                    .setParameter(1, job)
                    .getResultList());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = (Object[]) rows.get(0);
    long failed = ((Number) r[4]).longValue();
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("runId", r[0].toString())
            .add("startedAt", SqlValues.instant(r[1]).toString())
            .add("finishedAt", SqlValues.instant(r[2]).toString())
            .add("outcome", failed == 0 ? "succeeded" : "failed")
            .add("tenants", ((Number) r[3]).longValue())
            .add("failed", failed);
    if (r[5] != null) {
      b.add("error", (String) r[5]);
    }
    return Optional.of(b.build());
  }

  /**
   * A page of runs, newest first (by start, then id), of one job or all: {@code {"runs": [...]}},
   * with {@code "nextBefore"} when the page is full (see {@link ListWindow}).
   */
  public JsonObject list(String job, int limit, ListWindow window) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM core.job_runs r LEFT JOIN core.tenants t ON t.id = r.tenant_id")
            .append(" WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (job != null && !job.isBlank()) {
      params.add(job);
      sql.append(" AND r.job = ?").append(params.size());
    }
    window.appendConditions(sql, params, "r.started_at", "r.id");
    ListWindow.appendOrder(sql, params, "r.started_at", "r.id", limit);
    List<?> rows =
        transactions.inPlatform(
            () -> {
              Query q = em.createNativeQuery(sql.toString());
              for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
              }
              return q.getResultList();
            });
    JsonArrayBuilder out = Json.createArrayBuilder();
    Cursor last = null;
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      out.add(toJson(r));
      last = new Cursor(SqlValues.instant(r[5]), SqlValues.uuid(r[0]));
    }
    return ListWindow.page("runs", out, rows.size(), limit, last).build();
  }

  private static JsonObject toJson(Object[] r) {
    Instant started = SqlValues.instant(r[5]);
    Instant finished = SqlValues.instant(r[6]);
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", r[0].toString())
            .add("runId", r[1].toString())
            .add("job", (String) r[2]);
    if (r[3] != null) {
      b.add("vertical", (String) r[3]);
    }
    if (r[4] != null) {
      b.add("tenant", (String) r[4]);
    }
    b.add("startedAt", started.toString())
        .add("finishedAt", finished.toString())
        .add("durationMs", Duration.between(started, finished).toMillis())
        .add("outcome", (String) r[7]);
    if (r[8] != null) {
      b.add("error", (String) r[8]);
    }
    if (r[9] != null) {
      b.add("errorId", (String) r[9]);
    }
    return b.build();
  }
}
