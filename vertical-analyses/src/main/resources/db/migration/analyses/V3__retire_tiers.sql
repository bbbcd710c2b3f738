-- A tenant adds tiers and retires them. A retired tier is no longer offered, but it stays: its
-- subscribers keep it (and its limit) until their subscription changes or ends, and its prices
-- still map their events back to it. Its code is never reused.
ALTER TABLE tiers ADD COLUMN retired_at timestamptz;
