package dev.plinth.core.jobs;

import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * Writes a job run in a transaction of its own, so that the record neither joins nor spoils the
 * work it describes.
 */
@ApplicationScoped
class JobRunWriter {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  void write(JobRuns.Run run) {
    transactions.inPlatform(
        () ->
            em.createNativeQuery(
                    "INSERT INTO core.job_runs (id, run_id, job, vertical, tenant_id, started_at,"
                        + " finished_at, outcome, error, error_id)"
                        + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS uuid), ?6, ?7, ?8, ?9, ?10)")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, run.runId())
                .setParameter(3, run.job())
                .setParameter(4, run.vertical())
                .setParameter(5, run.tenantId() == null ? null : run.tenantId().toString())
                .setParameter(6, Timestamp.from(run.started()))
                .setParameter(7, Timestamp.from(run.finished()))
                .setParameter(8, run.error() == null ? "succeeded" : "failed")
                .setParameter(9, run.error())
                .setParameter(10, run.errorId())
                .executeUpdate());
  }
}
