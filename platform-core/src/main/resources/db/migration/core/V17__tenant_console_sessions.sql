-- A tenant's own console (/t/{slug}/console) signs in like the admin console: a session in
-- core.admin_sessions, named by its cookie, with a CSRF token. tenant_id says whose console it is;
-- NULL is the platform admin's. An admin session never counts as a tenant's and a tenant's never
-- counts as the admin's: each lookup names the kind it wants. The table stays platform-scope only,
-- since the cookie is read before any tenant is bound.
ALTER TABLE core.admin_sessions ADD COLUMN tenant_id uuid REFERENCES core.tenants (id);
