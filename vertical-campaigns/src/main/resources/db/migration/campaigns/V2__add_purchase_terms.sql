-- The package's terms as they were when the buyer checked out: what they paid for is what they get,
-- whatever the tenant changes in the package afterwards. Null on purchases made before this.
ALTER TABLE purchases ADD COLUMN package_name text;
ALTER TABLE purchases ADD COLUMN launch_delay_hours integer;
ALTER TABLE purchases ADD COLUMN run_days integer;
