-- Stripe Connect with the tenant as the platform: accounts connected to the tenant's own Stripe
-- account (direct mode), to which a checkout can send its money. An account is bound to one
-- tenant at most, across all tenants (the unique account_id), so a Connect event names at most
-- one tenant. A row is 'pending' while the tenant's onboarding link is out (Plinth created the
-- account on Stripe, Stripe has not yet reported it able to take charges), and 'bound' once an
-- admin proved it through Stripe or the onboarding came back with charges enabled.
CREATE TABLE core.connected_accounts (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES core.tenants (id),
  account_id      text NOT NULL UNIQUE CHECK (account_id ~ '^acct_[A-Za-z0-9]{1,64}$'),
  status          text NOT NULL CHECK (status IN ('pending', 'bound')),
  bound_by        text NOT NULL CHECK (bound_by IN ('admin', 'onboarding')),
  charges_enabled boolean NOT NULL DEFAULT false,
  bound_at        timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK ((status = 'bound') = (bound_at IS NOT NULL))
);
CREATE INDEX connected_accounts_tenant_created ON core.connected_accounts (tenant_id, created_at DESC);

ALTER TABLE core.connected_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.connected_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY connected_accounts_scope ON core.connected_accounts
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON core.connected_accounts TO ${appRole};

-- The account a checkout sends its money to, and how: a direct charge's session, payment, refunds
-- and disputes live on that account (reached with Stripe-Account); a destination charge's live on
-- the tenant's own account. NULL for a checkout on the tenant's own account.
ALTER TABLE core.checkout_sessions ADD COLUMN connected_account text;
ALTER TABLE core.checkout_sessions ADD COLUMN charge_type text
  CHECK (charge_type IS NULL OR charge_type IN ('direct', 'destination'));
ALTER TABLE core.checkout_sessions ADD CONSTRAINT checkout_sessions_connected_charge
  CHECK ((connected_account IS NULL) = (charge_type IS NULL));

-- The Stripe account a payment lives on, when it is not the tenant's own (a direct charge on a
-- connected account, as its Connect event names it), so that a refund goes to that account.
ALTER TABLE core.payments ADD COLUMN stripe_account text;

-- The tenant's Connect webhook endpoint (connect=true, registered on the tenant's own account),
-- which receives its connected accounts' events: its secret, sealed like the ordinary endpoint's,
-- with the previous one kept for the grace period after a rotation.
ALTER TABLE core.tenants ADD COLUMN connect_webhook_secret text;
ALTER TABLE core.tenants ADD COLUMN connect_webhook_secret_previous text;
ALTER TABLE core.tenants ADD COLUMN connect_webhook_secret_rotated_at timestamptz;
