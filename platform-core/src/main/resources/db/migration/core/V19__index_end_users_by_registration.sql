-- Verticals read a tenant's recently registered end users, oldest first
-- (UserDirectory.registeredSince, for the analyses vertical's onboarding emails, every hour).
CREATE INDEX end_users_registered ON core.end_users (tenant_id, created_at) WHERE erased_at IS NULL;
