-- An admin's unbind keeps the account's row, marked 'unbound' (with unbound_at): a checkout on it
-- is refused, but its Connect events still route to the tenant that held it, so the refunds,
-- disputes and payment events of payments already taken on it reach that tenant. The account id
-- stays unique, so no other tenant can bind the account while the row is there.
ALTER TABLE core.connected_accounts ADD COLUMN unbound_at timestamptz;
ALTER TABLE core.connected_accounts DROP CONSTRAINT connected_accounts_status_check;
ALTER TABLE core.connected_accounts ADD CONSTRAINT connected_accounts_status_check
  CHECK (status IN ('pending', 'bound', 'unbound'));
ALTER TABLE core.connected_accounts DROP CONSTRAINT connected_accounts_check;
ALTER TABLE core.connected_accounts ADD CONSTRAINT connected_accounts_bound_at_check
  CHECK ((status = 'bound') <= (bound_at IS NOT NULL) AND (status = 'pending') <= (bound_at IS NULL));
ALTER TABLE core.connected_accounts ADD CONSTRAINT connected_accounts_unbound_at_check
  CHECK ((status = 'unbound') = (unbound_at IS NOT NULL));
