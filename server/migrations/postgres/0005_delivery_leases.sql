-- A worker claims a delivery (lease_owner, until lease_until) before it sends it, so
-- the workers of every instance never send one delivery twice.
ALTER TABLE deliveries ADD COLUMN lease_until BIGINT;
ALTER TABLE deliveries ADD COLUMN lease_owner TEXT;
