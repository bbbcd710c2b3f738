-- A user holds one subscription. One that Stripe started while the user already held a live one
-- (two checkouts paid at once, from two tabs) is cancelled at once and kept here, so that its
-- paid invoices are refunded, however its events are ordered, and the user is told once.
CREATE TABLE duplicate_subscriptions (
  tenant_id       uuid NOT NULL,
  subscription_id text NOT NULL,
  user_ref        text NOT NULL,
  kept            text NOT NULL,
  found_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, subscription_id)
);
