-- A worker claims a delivery (lease_owner, until lease_until) before it sends it, so
-- several workers (processes) never send one delivery twice.
ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;
ALTER TABLE deliveries ADD COLUMN lease_owner TEXT;
