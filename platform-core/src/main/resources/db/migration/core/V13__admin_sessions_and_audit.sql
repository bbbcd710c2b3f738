-- The admin console's sessions and the audit of admin actions: platform data, seen only in the
-- platform scope, like the unroutable events.
--
-- A session is named by an opaque random id, sent only in its cookie; the table keeps the id's
-- SHA-256 (hex), so that reading the table gives no way in. The CSRF token is kept as it is: alone
-- it authenticates nothing, and the console reads it again after a reload.
CREATE TABLE core.admin_sessions (
  id_hash    text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);

ALTER TABLE core.admin_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.admin_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_sessions_platform ON core.admin_sessions
  USING ((SELECT core.in_platform_scope()))
  WITH CHECK ((SELECT core.in_platform_scope()));
GRANT SELECT, INSERT, UPDATE ON core.admin_sessions TO ${appRole};

-- Every admin action that changed something: who (a session's short form, the first 12 characters
-- of its id_hash, or "token"), when, the method and path template, and the ids it named. The
-- identity orders entries as they were written, whatever a test did to the platform clock.
CREATE TABLE core.admin_audit (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at     timestamptz NOT NULL,
  actor  text NOT NULL,
  action text NOT NULL,
  target jsonb NOT NULL,
  status integer NOT NULL
);

ALTER TABLE core.admin_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.admin_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_audit_platform ON core.admin_audit
  USING ((SELECT core.in_platform_scope()))
  WITH CHECK ((SELECT core.in_platform_scope()));
GRANT SELECT, INSERT ON core.admin_audit TO ${appRole};
