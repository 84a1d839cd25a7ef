-- Promotion codes (DESIGN §11): see the SQLite migration of the same name.
CREATE TABLE promotion_codes (
  id TEXT PRIMARY KEY,
  code_lower TEXT NOT NULL,
  coupon TEXT NOT NULL REFERENCES coupons(id),
  active BOOLEAN NOT NULL,
  times_redeemed BIGINT NOT NULL DEFAULT 0,
  max_redemptions BIGINT,
  data TEXT NOT NULL,
  created BIGINT NOT NULL
);
CREATE UNIQUE INDEX promotion_codes_active_code ON promotion_codes (code_lower) WHERE active;
CREATE INDEX promotion_codes_by_code ON promotion_codes (code_lower, created);
CREATE INDEX promotion_codes_by_created ON promotion_codes (created, id);
CREATE INDEX promotion_codes_of_coupon_by_created ON promotion_codes (coupon, created, id);
