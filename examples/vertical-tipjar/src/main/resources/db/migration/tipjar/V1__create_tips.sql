-- Tips, in the module's own schema. The core adds row-level security and grants after migrating.
CREATE TABLE tips (
  id                  uuid PRIMARY KEY,
  tenant_id           uuid NOT NULL,
  amount              bigint NOT NULL CHECK (amount BETWEEN 100 AND 100000),
  currency            text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  message             text NOT NULL DEFAULT '' CHECK (length(message) <= 280),
  status              text NOT NULL CHECK (status IN ('pending', 'paid')),
  checkout_session_id text,
  created_at          timestamptz NOT NULL,
  paid_at             timestamptz
);
CREATE INDEX tips_tenant_paid ON tips (tenant_id, status, paid_at DESC);
