-- Retention removes console sessions a day after they expired or were revoked: a session row is
-- only ever looked up by its cookie, and the audit names a session by its own short form.
GRANT DELETE ON core.admin_sessions TO ${appRole};
CREATE INDEX admin_sessions_ended ON core.admin_sessions (expires_at);
