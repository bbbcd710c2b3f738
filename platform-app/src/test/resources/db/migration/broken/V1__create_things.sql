-- A test vertical whose second migration fails, to show readiness naming the module and version.
CREATE TABLE things (id uuid PRIMARY KEY, tenant_id uuid NOT NULL);
