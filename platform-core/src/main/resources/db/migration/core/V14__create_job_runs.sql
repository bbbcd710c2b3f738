-- The history of scheduled work: one row per run of a job for one tenant (a vertical's TenantJob
-- runs once per tenant of its vertical; the rows of one such run share run_id), or per run of one
-- of the host's own jobs (retention, reconciliation), which has no tenant. Written by the core in
-- the platform scope, read by admins only. Retention bounds it: rows older than
-- PLINTH_RETENTION_DAYS go, and so do all but the newest PLINTH_JOB_RUNS_KEEP.
CREATE TABLE core.job_runs (
  id          uuid PRIMARY KEY,
  run_id      uuid NOT NULL,
  job         text NOT NULL,
  vertical    text,
  tenant_id   uuid,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  outcome     text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  error       text,
  error_id    text,
  CHECK (finished_at >= started_at),
  CHECK ((outcome = 'failed') = (error IS NOT NULL))
);

CREATE INDEX job_runs_started ON core.job_runs (started_at DESC, id DESC);
CREATE INDEX job_runs_job_started ON core.job_runs (job, started_at DESC, id DESC);
CREATE INDEX job_runs_run ON core.job_runs (run_id);

ALTER TABLE core.job_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.job_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY job_runs_platform ON core.job_runs
  USING ((SELECT core.in_platform_scope()))
  WITH CHECK ((SELECT core.in_platform_scope()));
GRANT SELECT, INSERT, DELETE ON core.job_runs TO ${appRole};
