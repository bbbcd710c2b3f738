-- Typed payment events find the vertical and reference of objects that carry no Plinth metadata
-- (a dispute, an invoice, a charge of an older checkout) through the checkout that made them.
ALTER TABLE core.checkout_sessions ADD COLUMN subscription_id text;
CREATE INDEX checkout_sessions_tenant_payment ON core.checkout_sessions (tenant_id, payment_intent_id)
  WHERE payment_intent_id IS NOT NULL;
CREATE INDEX checkout_sessions_tenant_subscription ON core.checkout_sessions (tenant_id, subscription_id)
  WHERE subscription_id IS NOT NULL;
CREATE INDEX payments_tenant_charge ON core.payments (tenant_id, charge_id) WHERE charge_id IS NOT NULL;

-- A subscription's vertical and reference, from the metadata its checkout gave it, and the start
-- of its current period (read from its item since API 2025-03-31).
ALTER TABLE core.subscriptions ADD COLUMN vertical text;
ALTER TABLE core.subscriptions ADD COLUMN reference text;
ALTER TABLE core.subscriptions ADD COLUMN current_period_start timestamptz;
