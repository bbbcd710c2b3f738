-- The webhook log: every verified Stripe event, recorded before it is acknowledged, then
-- processed asynchronously by workers that claim due rows with FOR UPDATE SKIP LOCKED.

CREATE TABLE core.webhook_events (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES core.tenants (id),
  provider        text NOT NULL DEFAULT 'stripe',
  event_id        text NOT NULL,
  event_type      text NOT NULL,
  object_id       text,
  api_version     text,
  livemode        boolean NOT NULL DEFAULT false,
  stripe_created  timestamptz NOT NULL,
  account         text,
  source          text NOT NULL CHECK (source IN ('webhook', 'connect', 'reconcile')),
  payload         text NOT NULL,
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'processing', 'completed', 'skipped', 'failed', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until    timestamptz,
  last_error      text,
  received_at     timestamptz NOT NULL,
  processed_at    timestamptz,
  processing_ms   integer,
  UNIQUE (tenant_id, provider, event_id)
);

CREATE INDEX webhook_events_due ON core.webhook_events (next_attempt_at)
  WHERE status IN ('pending', 'failed', 'processing');
CREATE INDEX webhook_events_tenant_received ON core.webhook_events (tenant_id, received_at DESC);
CREATE INDEX webhook_events_received ON core.webhook_events (received_at DESC);

ALTER TABLE core.webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.webhook_events FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_events_scope ON core.webhook_events
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON core.webhook_events TO ${appRole};

-- Connect events whose account matches no tenant: answered 200, never dropped, shown to admins.
CREATE TABLE core.unroutable_events (
  id          uuid PRIMARY KEY,
  event_id    text NOT NULL,
  account     text NOT NULL,
  event_type  text NOT NULL,
  payload     text NOT NULL,
  received_at timestamptz NOT NULL,
  UNIQUE (account, event_id)
);
CREATE INDEX unroutable_events_received ON core.unroutable_events (received_at DESC);

ALTER TABLE core.unroutable_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.unroutable_events FORCE ROW LEVEL SECURITY;
CREATE POLICY unroutable_events_platform ON core.unroutable_events
  USING ((SELECT core.in_platform_scope()))
  WITH CHECK ((SELECT core.in_platform_scope()));
GRANT SELECT, INSERT ON core.unroutable_events TO ${appRole};
