-- A paid purchase keeps the Stripe payment and customer that paid it, for the tenant's purchase
-- log (the payment itself, its refunds and its events stay in the core's records).
ALTER TABLE purchases ADD COLUMN payment_intent_id text;
ALTER TABLE purchases ADD COLUMN customer_id text;
CREATE INDEX purchases_recent ON purchases (tenant_id, created_at DESC, id DESC);
