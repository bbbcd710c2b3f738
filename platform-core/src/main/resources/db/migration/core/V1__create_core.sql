-- The core schema: tenant registry, error log, and the two row-level security scopes.
--
-- Tenant scope:   set_config('plinth.tenant_id', <uuid>, true) in the transaction.
-- Platform scope: set_config('plinth.platform_key', <key>, true), where the key is the secret in
--                 core.platform_key, which only the owner role can read. Only core code knows it.

CREATE FUNCTION core.current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('plinth.tenant_id', true), '')::uuid $$;

CREATE TABLE core.platform_key (
  id  integer PRIMARY KEY CHECK (id = 1),
  key text NOT NULL
);
INSERT INTO core.platform_key (id, key)
  VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

CREATE FUNCTION core.in_platform_scope() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT coalesce(current_setting('plinth.platform_key', true)
                    = (SELECT key FROM core.platform_key WHERE id = 1), false)
  $$;

REVOKE ALL ON core.platform_key FROM PUBLIC;
REVOKE ALL ON FUNCTION core.in_platform_scope() FROM PUBLIC;
GRANT USAGE ON SCHEMA core TO ${appRole};
GRANT EXECUTE ON FUNCTION core.in_platform_scope() TO ${appRole};
GRANT EXECUTE ON FUNCTION core.current_tenant() TO ${appRole};

CREATE TABLE core.tenants (
  id                        uuid PRIMARY KEY,
  slug                      text NOT NULL UNIQUE
                            CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$'),
  name                      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  vertical                  text NOT NULL,
  owner_email               text NOT NULL,
  status                    text NOT NULL CHECK (status IN ('active', 'suspended')),
  stripe_mode               text NOT NULL CHECK (stripe_mode IN ('direct', 'connect')),
  stripe_secret_key         text,
  stripe_key_hint           text,
  stripe_account_id         text UNIQUE,
  webhook_secret            text,
  webhook_secret_previous   text,
  webhook_secret_rotated_at timestamptz,
  api_key_id                text NOT NULL UNIQUE,
  api_key_hash              text NOT NULL,
  created_at                timestamptz NOT NULL,
  updated_at                timestamptz NOT NULL,
  version                   bigint NOT NULL DEFAULT 0,
  CHECK ((stripe_mode = 'direct' AND stripe_secret_key IS NOT NULL)
      OR (stripe_mode = 'connect' AND stripe_account_id IS NOT NULL))
);

ALTER TABLE core.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_scope ON core.tenants
  USING ((SELECT core.in_platform_scope()) OR id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON core.tenants TO ${appRole};

CREATE TABLE core.error_log (
  id              uuid PRIMARY KEY,
  severity        text NOT NULL CHECK (severity IN ('info', 'warning', 'error', 'high', 'critical')),
  category        text NOT NULL CHECK (category IN ('api', 'database', 'webhook', 'billing', 'vertical')),
  message         text NOT NULL,
  exception_class text,
  stack_trace     text,
  tenant_id       uuid,
  request_method  text,
  request_path    text,
  event_id        text,
  user_id         text,
  fingerprint     text NOT NULL,
  occurrences     integer NOT NULL DEFAULT 1 CHECK (occurrences > 0),
  first_seen      timestamptz NOT NULL,
  last_seen       timestamptz NOT NULL,
  resolved        boolean NOT NULL DEFAULT false,
  resolved_at     timestamptz,
  resolved_by     text
);

-- one open entry per tenant and fingerprint: repeats count up instead of piling up
CREATE UNIQUE INDEX error_log_open_fingerprint
  ON core.error_log ((coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)), fingerprint)
  WHERE NOT resolved;
CREATE INDEX error_log_tenant_last_seen ON core.error_log (tenant_id, last_seen DESC);
CREATE INDEX error_log_last_seen ON core.error_log (last_seen DESC);

ALTER TABLE core.error_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.error_log FORCE ROW LEVEL SECURITY;
CREATE POLICY error_log_scope ON core.error_log
  USING ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()))
  WITH CHECK ((SELECT core.in_platform_scope()) OR tenant_id = (SELECT core.current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON core.error_log TO ${appRole};
