-- The credits vertical, in its own schema. The core adds row-level security and grants after
-- migrating.

-- The packages a tenant sells: 100, 500 and 2,000 credits by default. A retired package
-- (active = false) stays, for the purchases that name it.
CREATE TABLE packages (
  tenant_id    uuid NOT NULL,
  code         text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_-]{0,29}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  credits      bigint NOT NULL CHECK (credits > 0),
  price_amount bigint NOT NULL CHECK (price_amount > 0),
  currency     text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  active       boolean NOT NULL DEFAULT true,
  rank         integer NOT NULL,
  PRIMARY KEY (tenant_id, code)
);

-- The tenant's settings for the vertical.
CREATE TABLE settings (
  tenant_id        uuid PRIMARY KEY,
  allow_user_spend boolean NOT NULL DEFAULT false
);

-- A purchase of a package by a user: its credits reserved against the capacity when the checkout
-- is created, then paid (the user's) or released (back to the capacity). clawed_back counts the
-- credits taken back for refunds and a lost dispute; frozen those held during an open dispute;
-- disputes_closed the ids of the disputes already closed, comma-separated (an opening that arrives after its closing freezes
-- nothing).
CREATE TABLE purchases (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL,
  user_ref     text NOT NULL,
  package_code text NOT NULL,
  credits      bigint NOT NULL CHECK (credits > 0),
  price_amount bigint NOT NULL,
  currency     text NOT NULL,
  session_id   text,
  status       text NOT NULL CHECK (status IN ('reserved', 'paid', 'released')),
  clawed_back  bigint NOT NULL DEFAULT 0 CHECK (clawed_back >= 0),
  frozen       bigint NOT NULL DEFAULT 0 CHECK (frozen >= 0),
  disputes_closed text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL,
  paid_at      timestamptz
);
CREATE UNIQUE INDEX purchases_session ON purchases (tenant_id, session_id);
CREATE INDEX purchases_user ON purchases (tenant_id, user_ref, created_at DESC);
CREATE INDEX purchases_paid ON purchases (tenant_id, paid_at) WHERE status = 'paid';

-- The ledger, in credits, append only: each entry moves credits from one account to another, so
-- every entry balances by construction. cause is what made it (a purchase's step, a Stripe event,
-- a spend's idempotency key), unique per tenant: a replayed cause cannot post twice.
-- Accounts: capacity:stock (where capacity comes from), capacity:available, capacity:reserved,
-- user:{userRef}, frozen:{userRef}, spent, clawback.
CREATE TABLE entries (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL,
  cause        text NOT NULL,
  kind         text NOT NULL,
  from_account text NOT NULL,
  to_account   text NOT NULL CHECK (to_account <> from_account),
  credits      bigint NOT NULL CHECK (credits > 0),
  user_ref     text,
  reason       text,
  created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX entries_cause ON entries (tenant_id, cause);
CREATE INDEX entries_user ON entries (tenant_id, user_ref, created_at DESC, id);

-- The balances of the accounts, kept with each entry: what a spend or a reservation checks and
-- decrements atomically. The sum of an account's entries is the truth; /admin/ledger-check proves
-- this equals it.
CREATE TABLE balances (
  tenant_id uuid NOT NULL,
  account   text NOT NULL,
  balance   bigint NOT NULL,
  PRIMARY KEY (tenant_id, account)
);
CREATE INDEX balances_users ON balances (tenant_id, balance DESC) WHERE account LIKE 'user:%';

-- Spends by idempotency key: the first answer, replayed for the same key and body.
CREATE TABLE spends (
  tenant_id       uuid NOT NULL,
  idempotency_key text NOT NULL,
  user_ref        text NOT NULL,
  credits         bigint NOT NULL,
  reason          text,
  status          integer,
  balance         bigint,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, idempotency_key)
);

-- Declined card payments of purchases (the checkout stays payable), once per Stripe event.
CREATE TABLE failed_payments (
  tenant_id         uuid NOT NULL,
  event_id          text NOT NULL,
  purchase_id       uuid,
  user_ref          text,
  payment_intent_id text,
  message           text,
  failed_at         timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX failed_payments_recent ON failed_payments (tenant_id, failed_at DESC);
