-- A request under an Idempotency-Key reserves its key before it runs, so the same request sent to two instances at
-- once runs once and both callers get the one answer. A reservation has no answer yet and expires, in case its
-- instance died while running it.
ALTER TABLE idempotency_keys ALTER COLUMN answer DROP NOT NULL;
ALTER TABLE idempotency_keys ADD COLUMN reserved_until timestamptz;
