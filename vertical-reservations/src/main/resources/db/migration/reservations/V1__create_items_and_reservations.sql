-- Scarce one-of-a-kind items, and the deposits that hold them. The core adds row-level security
-- and grants after migrating. Every rule the API checks is also a constraint here.
CREATE TABLE items (
  id             uuid PRIMARY KEY,
  tenant_id      uuid NOT NULL,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  price_amount   bigint NOT NULL,
  deposit_amount bigint NOT NULL,
  currency       text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  status         text NOT NULL CHECK (status IN ('available', 'held', 'reserved', 'sold')),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  CONSTRAINT items_deposit_within_price CHECK (deposit_amount > 0 AND deposit_amount <= price_amount)
);
CREATE INDEX items_tenant_created ON items (tenant_id, created_at);

CREATE TABLE reservations (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid NOT NULL,
  item_id             uuid NOT NULL REFERENCES items (id),
  status              text NOT NULL CHECK (status IN ('pending', 'confirmed', 'completed', 'expired',
                                                       'failed', 'refunded', 'refunded_conflict')),
  customer_email      text NOT NULL CHECK (length(customer_email) BETWEEN 3 AND 254),
  customer_name       text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
  customer_phone      text CHECK (length(customer_phone) <= 40),
  deposit_amount      bigint NOT NULL CHECK (deposit_amount > 0),
  currency            text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  checkout_session_id text,
  payment_provider    text NOT NULL DEFAULT 'stripe',
  external_payment_id text,
  expires_at          timestamptz NOT NULL,
  last_event_at       timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
-- at most one active (pending or confirmed) reservation per item, whatever the application does
CREATE UNIQUE INDEX reservations_one_active_per_item ON reservations (tenant_id, item_id)
  WHERE status IN ('pending', 'confirmed');
-- one pending hold per customer email
CREATE UNIQUE INDEX reservations_one_pending_per_email ON reservations (tenant_id, lower(customer_email))
  WHERE status = 'pending';
CREATE UNIQUE INDEX reservations_external_payment
  ON reservations (tenant_id, payment_provider, external_payment_id)
  WHERE external_payment_id IS NOT NULL;
CREATE UNIQUE INDEX reservations_checkout_session ON reservations (tenant_id, checkout_session_id)
  WHERE checkout_session_id IS NOT NULL;
CREATE INDEX reservations_tenant_status ON reservations (tenant_id, status, created_at);
CREATE INDEX reservations_tenant_item ON reservations (tenant_id, item_id);
CREATE INDEX reservations_tenant_due ON reservations (tenant_id, expires_at) WHERE status = 'pending';
