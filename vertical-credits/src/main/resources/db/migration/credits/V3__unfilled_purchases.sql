-- A purchase paid after its reservation went back, when the capacity no longer had its credits:
-- the payment is refunded in full and the purchase is 'unfilled'.
ALTER TABLE purchases DROP CONSTRAINT purchases_status_check;
ALTER TABLE purchases ADD CONSTRAINT purchases_status_check
  CHECK (status IN ('reserved', 'paid', 'released', 'unfilled'));
