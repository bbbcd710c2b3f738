-- How a purchase's checkout ended: pending until Stripe says; paid (a campaign exists), failed (a
-- delayed payment was declined) or expired (never paid before the checkout closed).
ALTER TABLE purchases ADD COLUMN status text NOT NULL DEFAULT 'pending'
  CHECK (status IN ('pending', 'paid', 'failed', 'expired'));
UPDATE purchases p SET status = 'paid'
  WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.purchase_id = p.id);

-- Portal links already opened: a link works once. A row can go once the link has expired, since
-- the link's signature refuses it from then on.
CREATE TABLE redeemed_portal_links (
  tenant_id  uuid NOT NULL,
  token_id   text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, token_id)
);
