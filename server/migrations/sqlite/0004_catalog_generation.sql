-- The catalog's generation, moved by every change to products, prices and coupons (by
-- this server or any other program), so reads may share catalog rows while it holds.
CREATE TABLE catalog_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO catalog_generation (id, n) VALUES (1, 0);
CREATE TRIGGER products_inserted AFTER INSERT ON products BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER products_updated AFTER UPDATE ON products BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER products_deleted AFTER DELETE ON products BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER prices_inserted AFTER INSERT ON prices BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER prices_updated AFTER UPDATE ON prices BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER prices_deleted AFTER DELETE ON prices BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER coupons_inserted AFTER INSERT ON coupons BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER coupons_updated AFTER UPDATE ON coupons BEGIN UPDATE catalog_generation SET n = n + 1; END;
CREATE TRIGGER coupons_deleted AFTER DELETE ON coupons BEGIN UPDATE catalog_generation SET n = n + 1; END;
