-- Tenants are read a page at a time: scheduled jobs go through one vertical's tenants in id order,
-- and admins list them newest first. Both walk an index instead of sorting the whole registry.
CREATE INDEX tenants_vertical_id ON core.tenants (vertical, id);
CREATE INDEX tenants_created_id ON core.tenants (created_at DESC, id DESC);
