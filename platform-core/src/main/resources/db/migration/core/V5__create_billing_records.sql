-- The tenant's Stripe customers, payments and subscriptions, kept current by the core's webhook
-- handlers. last_event_at is the `created` of the newest event applied: an older event never
-- overwrites a newer one.

CREATE TABLE core.customers (
  id                 uuid PRIMARY KEY,
  tenant_id          uuid NOT NULL REFERENCES core.tenants (id),
  stripe_customer_id text NOT NULL,
  email              text,
  name               text,
  last_event_at      timestamptz NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  UNIQUE (tenant_id, stripe_customer_id)
);
CREATE INDEX customers_tenant_email ON core.customers (tenant_id, email);

CREATE TABLE core.payments (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid NOT NULL REFERENCES core.tenants (id),
  payment_intent_id   text NOT NULL,
  checkout_session_id text,
  stripe_customer_id  text,
  charge_id           text,
  amount              bigint CHECK (amount IS NULL OR amount >= 0),
  amount_refunded     bigint NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
  currency            text,
  status              text NOT NULL,
  last_event_at       timestamptz NOT NULL,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  UNIQUE (tenant_id, payment_intent_id)
);
CREATE INDEX payments_tenant_created ON core.payments (tenant_id, created_at DESC);

CREATE TABLE core.subscriptions (
  id                     uuid PRIMARY KEY,
  tenant_id              uuid NOT NULL REFERENCES core.tenants (id),
  stripe_subscription_id text NOT NULL,
  stripe_customer_id     text,
  status                 text NOT NULL,
  price_id               text,
  current_period_end     timestamptz,
  cancel_at_period_end   boolean NOT NULL DEFAULT false,
  last_event_at          timestamptz NOT NULL,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  UNIQUE (tenant_id, stripe_subscription_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['customers', 'payments', 'subscriptions'] LOOP
    EXECUTE format('ALTER TABLE core.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE core.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON core.%I'
      || ' USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))'
      || ' WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))',
      t || '_scope', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON core.customers, core.payments, core.subscriptions TO ${appRole};
