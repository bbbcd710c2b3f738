-- The notifications outbox: messages that verticals queue in their own tenant transaction, sent
-- afterwards by the core's sender, which claims due rows with FOR UPDATE SKIP LOCKED. A message is
-- tried until it is sent: there is no state for giving up. attempts counts every try, the
-- successful one included; last_error is the most recent failure.
CREATE TABLE core.notifications (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES core.tenants (id),
  kind            text NOT NULL,
  recipient       text NOT NULL,
  subject         text NOT NULL,
  body            text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      text,
  next_attempt_at timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

CREATE INDEX notifications_tenant_created ON core.notifications (tenant_id, created_at DESC);
CREATE INDEX notifications_due ON core.notifications (next_attempt_at) WHERE status = 'pending';

ALTER TABLE core.notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_scope ON core.notifications
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, UPDATE ON core.notifications TO ${appRole};
