-- A paid session whose amount or currency is not the recorded deposit is refunded and flagged
-- 'amount_mismatch' instead of confirming the reservation.
ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations ADD CONSTRAINT reservations_status_check
  CHECK (status IN ('pending', 'confirmed', 'completed', 'expired', 'failed', 'refunded',
                    'refunded_conflict', 'amount_mismatch'));
