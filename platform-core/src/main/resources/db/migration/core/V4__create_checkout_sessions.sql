-- Checkout sessions created through the billing service, kept current by webhooks.
CREATE TABLE core.checkout_sessions (
  id                 uuid PRIMARY KEY,
  tenant_id          uuid NOT NULL REFERENCES core.tenants (id),
  stripe_session_id  text NOT NULL,
  vertical           text NOT NULL,
  reference          text NOT NULL,
  mode               text NOT NULL CHECK (mode IN ('payment', 'subscription')),
  status             text NOT NULL CHECK (status IN ('open', 'complete', 'expired')),
  payment_status     text,
  amount_total       bigint CHECK (amount_total IS NULL OR amount_total >= 0),
  currency           text,
  customer_email     text,
  stripe_customer_id text,
  payment_intent_id  text,
  url                text,
  expires_at         timestamptz NOT NULL,
  last_event_at      timestamptz,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  UNIQUE (tenant_id, stripe_session_id)
);
CREATE INDEX checkout_sessions_tenant_reference ON core.checkout_sessions (tenant_id, vertical, reference);

ALTER TABLE core.checkout_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.checkout_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY checkout_sessions_scope ON core.checkout_sessions
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, UPDATE ON core.checkout_sessions TO ${appRole};
