-- The operation a session was created for (a hash of tenant, vertical, reference and parameters),
-- so that the same request made again is answered with the session that is still open.
ALTER TABLE core.checkout_sessions ADD COLUMN request_key text;
CREATE INDEX checkout_sessions_tenant_request ON core.checkout_sessions (tenant_id, request_key)
  WHERE request_key IS NOT NULL;
