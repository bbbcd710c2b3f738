-- The analyses vertical, in its own schema. The core adds row-level security and grants after
-- migrating.

-- A tenant's tiers: Free, Starter, Pro, Elite by default. A null monthly_limit is unlimited; a
-- paid tier carries its Stripe price, which is also how a subscription's price maps back to it.
CREATE TABLE tiers (
  tenant_id     uuid NOT NULL,
  code          text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_-]{0,29}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  monthly_limit integer CHECK (monthly_limit >= 0),
  price_amount  bigint NOT NULL CHECK (price_amount >= 0),
  currency      text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  price_id      text,
  rank          integer NOT NULL,
  PRIMARY KEY (tenant_id, code)
);
CREATE UNIQUE INDEX tiers_price ON tiers (tenant_id, price_id);

-- The vertical's side of an end user of the core's registry (named by the tenant's userRef; the
-- email stays in the registry): tier, subscription and its period. state_at is Stripe's created
-- time of the last lifecycle event applied, so that an older event never overwrites a newer state.
-- onboarding_step is the next onboarding email to send, or -1 once the user has upgraded.
CREATE TABLE users (
  tenant_id            uuid NOT NULL,
  user_ref             text NOT NULL,
  tier                 text NOT NULL,
  status               text NOT NULL
                       CHECK (status IN ('active', 'trialing', 'past_due', 'canceled', 'none')),
  customer_id          text,
  subscription_id      text,
  period_start         timestamptz,
  period_end           timestamptz,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  past_due_since       timestamptz,
  state_at             timestamptz,
  ended_subscription   text,
  last_seen_at         timestamptz,
  onboarding_step      integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_ref)
);
CREATE INDEX users_customer ON users (tenant_id, customer_id);
CREATE INDEX users_tier_status ON users (tenant_id, tier, status);
CREATE INDEX users_onboarding ON users (tenant_id, created_at) WHERE onboarding_step >= 0;

-- One analysis of an address. The quota counts a user's rows in the current period.
CREATE TABLE analyses (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  user_ref    text NOT NULL,
  address     text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  data        jsonb NOT NULL,
  address_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', address)) STORED,
  created_at  timestamptz NOT NULL
);
CREATE INDEX analyses_user_recent ON analyses (tenant_id, user_ref, created_at DESC, id DESC);
CREATE INDEX analyses_address_search ON analyses USING gin (address_tsv);
CREATE INDEX analyses_data_search ON analyses USING gin (data jsonb_path_ops);

-- Failed subscription payments, once per invoice and attempt: the tenant's view, and the user's
-- notice sent once.
CREATE TABLE failed_payments (
  tenant_id    uuid NOT NULL,
  invoice_id   text NOT NULL,
  attempt      integer NOT NULL,
  user_ref     text NOT NULL,
  amount       bigint,
  currency     text,
  failed_at    timestamptz NOT NULL,
  next_attempt timestamptz,
  PRIMARY KEY (tenant_id, invoice_id, attempt)
);
CREATE INDEX failed_payments_recent ON failed_payments (tenant_id, failed_at DESC);
