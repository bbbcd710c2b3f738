-- The host now records the one use of a redeemed link (core.redeemed_tokens). The links opened
-- here that have not expired yet move there, so that none of them opens a second time after the
-- upgrade. The table's tenant-isolation policy would show this migration no row, so it is lifted
-- from the table first (it is dropped at the end anyway); platform scope lets the insert write
-- every tenant's rows through the core table's row-level security.
ALTER TABLE redeemed_portal_links DISABLE ROW LEVEL SECURITY;
SELECT set_config('plinth.platform_key', (SELECT key FROM core.platform_key WHERE id = 1), true);

INSERT INTO core.redeemed_tokens (tenant_id, token_id, expires_at)
  SELECT tenant_id, token_id, expires_at FROM redeemed_portal_links WHERE expires_at > now()
  ON CONFLICT DO NOTHING;

DROP TABLE redeemed_portal_links;
