-- The catalog and the sessions, each row's object stored whole as JSON text in `data`
-- (the same shape as the SQLite backend, so data moves between them row by row).
CREATE TABLE products (id TEXT PRIMARY KEY, data TEXT NOT NULL, created BIGINT NOT NULL);
CREATE TABLE prices (id TEXT PRIMARY KEY, product TEXT NOT NULL REFERENCES products(id),
                     active BOOLEAN NOT NULL, data TEXT NOT NULL, created BIGINT NOT NULL);
CREATE INDEX prices_by_product ON prices (product, active);
CREATE TABLE coupons (id TEXT PRIMARY KEY, data TEXT NOT NULL, created BIGINT NOT NULL);
CREATE TABLE sessions (id TEXT PRIMARY KEY, version BIGINT NOT NULL, data TEXT NOT NULL,
                       created BIGINT NOT NULL, updated BIGINT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
