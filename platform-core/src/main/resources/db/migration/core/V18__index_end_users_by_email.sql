-- A vertical finds the end user a Stripe payment names by email (UserDirectory.byEmail, the last of
-- its lookups, on the webhook processing path): without this, each lookup read every user of the
-- tenant.
CREATE INDEX end_users_tenant_email ON core.end_users (tenant_id, lower(email))
  WHERE erased_at IS NULL;
