-- Every price a tier has had: a tenant that changes a tier's price keeps its subscribers on the
-- old price (Stripe bills them at it), and their events still map back to the tier.
CREATE TABLE tier_prices (
  tenant_id uuid NOT NULL,
  price_id  text NOT NULL,
  tier      text NOT NULL,
  PRIMARY KEY (tenant_id, price_id)
);
INSERT INTO tier_prices (tenant_id, price_id, tier)
  SELECT tenant_id, price_id, code FROM tiers WHERE price_id IS NOT NULL;
