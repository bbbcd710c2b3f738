-- The host now records the one use of a redeemed link (core.redeemed_tokens). The links opened
-- here that have not expired yet move there, so that none of them opens a second time after the
-- upgrade; platform scope lets this migration write every tenant's rows through row-level security.
SELECT set_config('plinth.platform_key', (SELECT key FROM core.platform_key WHERE id = 1), true);

INSERT INTO core.redeemed_tokens (tenant_id, token_id, expires_at)
  SELECT tenant_id, token_id, expires_at FROM redeemed_portal_links WHERE expires_at > now()
  ON CONFLICT DO NOTHING;

DROP TABLE redeemed_portal_links;
