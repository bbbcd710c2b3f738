-- The one use of each redeemed signed token (a magic link that opens once), per tenant. A row can
-- go once its token has expired, since the token no longer verifies then; redemptions drop them.
CREATE TABLE core.redeemed_tokens (
  tenant_id  uuid NOT NULL REFERENCES core.tenants (id),
  token_id   text NOT NULL CHECK (length(token_id) <= 64),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, token_id)
);

ALTER TABLE core.redeemed_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.redeemed_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY redeemed_tokens_scope ON core.redeemed_tokens
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, DELETE ON core.redeemed_tokens TO ${appRole};
