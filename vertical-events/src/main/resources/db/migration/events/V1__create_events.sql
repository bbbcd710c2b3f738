-- Paid events, in the module's own schema. The core adds row-level security and grants after
-- migrating.
CREATE TABLE events (
  id                       uuid PRIMARY KEY,
  tenant_id                uuid NOT NULL,
  title                    text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  starts_at                timestamptz NOT NULL,
  venue                    text NOT NULL CHECK (length(venue) BETWEEN 1 AND 200),
  price_amount             bigint NOT NULL CHECK (price_amount BETWEEN 50 AND 100000000),
  currency                 text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  -- null: the tenant's own account
  connected_account_id     text,
  charge_type              text NOT NULL CHECK (charge_type IN ('direct', 'destination')),
  application_fee_amount   bigint CHECK (application_fee_amount BETWEEN 0 AND price_amount),
  client_email             text NOT NULL,
  payment_status           text NOT NULL CHECK (payment_status IN
                             ('pending', 'paid', 'failed', 'partially_refunded', 'refunded', 'disputed')),
  status_before_dispute    text CHECK (status_before_dispute IN ('paid', 'partially_refunded')),
  -- Stripe's created time of the newest event applied: older ones never move the status back
  last_event_created_at    timestamptz,
  last_webhook_received_at timestamptz,
  checkout_session_id      text,
  payment_intent_id        text,
  refunded_amount          bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  gallery_url              text,
  notes                    text,
  cancelled_at             timestamptz,
  paid_at                  timestamptz,
  created_at               timestamptz NOT NULL,
  updated_at               timestamptz NOT NULL
);
CREATE INDEX events_tenant_created ON events (tenant_id, created_at DESC, id DESC);
CREATE INDEX events_tenant_status ON events (tenant_id, payment_status, created_at DESC, id DESC);
CREATE INDEX events_tenant_session ON events (tenant_id, checkout_session_id);

-- Every Stripe delivery that touched an event: the event's webhook log, and its failed payments.
CREATE TABLE deliveries (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL,
  event_id        uuid NOT NULL REFERENCES events (id),
  stripe_event_id text NOT NULL,
  type            text NOT NULL,
  stripe_created  timestamptz NOT NULL,
  status_after    text NOT NULL,
  applied         boolean NOT NULL,
  failure         text,
  created_at      timestamptz NOT NULL,
  UNIQUE (tenant_id, event_id, stripe_event_id)
);
CREATE INDEX deliveries_tenant_event ON deliveries (tenant_id, event_id, created_at DESC);
CREATE INDEX deliveries_tenant_failures ON deliveries (tenant_id, created_at DESC) WHERE failure IS NOT NULL;

-- The tenant's settings: the charge type of events that name none.
CREATE TABLE settings (
  tenant_id           uuid PRIMARY KEY,
  default_charge_type text NOT NULL DEFAULT 'destination' CHECK (default_charge_type IN ('direct', 'destination'))
);
