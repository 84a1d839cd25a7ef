-- Promotion codes (DESIGN §11): a code the buyer types that applies a coupon. The object
-- is stored whole in `data`; the columns are what the engine finds codes by and what a
-- completion counts under its row lock: `times_redeemed` (kept in `data` too) against
-- `max_redemptions`. A code is unique among the active ones, whatever its case.
CREATE TABLE promotion_codes (
  id TEXT PRIMARY KEY,
  code_lower TEXT NOT NULL,
  coupon TEXT NOT NULL REFERENCES coupons(id),
  active INTEGER NOT NULL,
  times_redeemed INTEGER NOT NULL DEFAULT 0,
  max_redemptions INTEGER,
  data TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE UNIQUE INDEX promotion_codes_active_code ON promotion_codes (code_lower) WHERE active = 1;
CREATE INDEX promotion_codes_by_code ON promotion_codes (code_lower, created);
CREATE INDEX promotion_codes_by_created ON promotion_codes (created, id);
CREATE INDEX promotion_codes_of_coupon_by_created ON promotion_codes (coupon, created, id);
