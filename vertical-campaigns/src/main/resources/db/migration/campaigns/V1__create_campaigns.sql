-- Campaign packages, the contractors who buy them, their purchases, campaigns and appointments.
-- The core adds row-level security and grants after migrating.
CREATE TABLE packages (
  id                 uuid PRIMARY KEY,
  tenant_id          uuid NOT NULL,
  code               text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  price_amount       bigint NOT NULL CHECK (price_amount > 0),
  currency           text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  launch_delay_hours integer NOT NULL CHECK (launch_delay_hours BETWEEN 0 AND 8760),
  run_days           integer CHECK (run_days IS NULL OR run_days BETWEEN 1 AND 3650),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE UNIQUE INDEX packages_tenant_code ON packages (tenant_id, code);

CREATE TABLE customers (
  id                 uuid PRIMARY KEY,
  tenant_id          uuid NOT NULL,
  business_name      text NOT NULL CHECK (length(business_name) BETWEEN 1 AND 200),
  email              text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  city               text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  state              text NOT NULL CHECK (length(state) BETWEEN 1 AND 100),
  stripe_customer_id text,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
-- one customer per email and per Stripe customer, whatever the concurrency
CREATE UNIQUE INDEX customers_tenant_email ON customers (tenant_id, lower(email));
CREATE UNIQUE INDEX customers_tenant_stripe ON customers (tenant_id, stripe_customer_id)
  WHERE stripe_customer_id IS NOT NULL;

CREATE TABLE purchases (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid NOT NULL,
  package_code        text NOT NULL,
  business_name       text NOT NULL,
  email               text NOT NULL,
  city                text NOT NULL,
  state               text NOT NULL,
  checkout_session_id text,
  created_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX purchases_tenant_session ON purchases (tenant_id, checkout_session_id)
  WHERE checkout_session_id IS NOT NULL;

CREATE TABLE campaigns (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid NOT NULL,
  customer_id         uuid NOT NULL REFERENCES customers (id),
  purchase_id         uuid NOT NULL REFERENCES purchases (id),
  package_code        text NOT NULL,
  name                text NOT NULL,
  status              text NOT NULL CHECK (status IN ('scheduled', 'active', 'paused', 'completed', 'cancelled')),
  checkout_session_id text NOT NULL,
  payment_intent_id   text,
  paid_at             timestamptz NOT NULL,
  launch_at           timestamptz NOT NULL,
  run_days            integer,
  launched_at         timestamptz,
  ends_at             timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
-- one campaign per paid checkout session
CREATE UNIQUE INDEX campaigns_tenant_session ON campaigns (tenant_id, checkout_session_id);
CREATE INDEX campaigns_tenant_customer ON campaigns (tenant_id, customer_id);
CREATE INDEX campaigns_tenant_status ON campaigns (tenant_id, status, launch_at);
CREATE INDEX campaigns_tenant_payment ON campaigns (tenant_id, payment_intent_id);

CREATE TABLE appointments (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL,
  campaign_id   uuid NOT NULL REFERENCES campaigns (id),
  customer_name text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
  at            timestamptz NOT NULL,
  notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  created_at    timestamptz NOT NULL
);
CREATE INDEX appointments_tenant_campaign ON appointments (tenant_id, campaign_id, at);
