-- Every processing attempt of a webhook event, kept with its outcome and error.
CREATE TABLE core.webhook_attempts (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES core.tenants (id),
  event_ref   uuid NOT NULL REFERENCES core.webhook_events (id),
  attempt     integer NOT NULL,
  outcome     text NOT NULL CHECK (outcome IN ('completed', 'skipped', 'failed', 'dead')),
  error       text,
  started_at  timestamptz NOT NULL,
  duration_ms integer NOT NULL
);
CREATE INDEX webhook_attempts_event ON core.webhook_attempts (tenant_id, event_ref, attempt);

ALTER TABLE core.webhook_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.webhook_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_attempts_scope ON core.webhook_attempts
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT ON core.webhook_attempts TO ${appRole};

-- Each claim carries a token: only the worker holding the current claim may finish the event, so a
-- worker whose lease ran out cannot commit effects twice.
ALTER TABLE core.webhook_events ADD COLUMN claim_token uuid;
