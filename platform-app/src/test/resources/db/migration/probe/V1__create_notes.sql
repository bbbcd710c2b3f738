-- The test vertical's one table. The core adds row-level security and grants after migrating.
CREATE TABLE notes (
  id         uuid PRIMARY KEY,
  tenant_id  uuid NOT NULL,
  body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL
);
CREATE INDEX notes_tenant_created ON notes (tenant_id, created_at DESC);
