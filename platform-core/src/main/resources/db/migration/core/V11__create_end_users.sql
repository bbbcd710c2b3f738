-- End users of a tenant, named by the tenant's own reference, and the tenant's session epoch.
--
-- A user's session token carries the epoch it was issued under; bumping the tenant's epoch (a
-- revocation, or an API-key rotation) kills every token issued before.
--
-- Erasing a user clears its personal data (email, name) and keeps the row as a tombstone: the
-- reference stays taken, so that a vertical's history under it is never merged with a new person's,
-- and a token naming it is refused.
ALTER TABLE core.tenants ADD COLUMN session_epoch bigint NOT NULL DEFAULT 0;

CREATE TABLE core.end_users (
  tenant_id  uuid NOT NULL REFERENCES core.tenants (id),
  user_ref   text NOT NULL CHECK (user_ref ~ '^[A-Za-z0-9_.:@-]{1,128}$'),
  email      text CHECK (length(email) <= 254),
  name       text CHECK (length(name) <= 200),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  erased_at  timestamptz,
  PRIMARY KEY (tenant_id, user_ref),
  CHECK ((erased_at IS NULL) = (email IS NOT NULL)),
  CHECK (erased_at IS NULL OR name IS NULL)
);

ALTER TABLE core.end_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.end_users FORCE ROW LEVEL SECURITY;
CREATE POLICY end_users_scope ON core.end_users
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, UPDATE ON core.end_users TO ${appRole};
