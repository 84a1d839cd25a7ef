-- The catalog and the sessions, each row's object stored whole as JSON in `data`.
CREATE TABLE products (id TEXT PRIMARY KEY, data TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE prices (id TEXT PRIMARY KEY, product TEXT NOT NULL REFERENCES products(id),
                     active INTEGER NOT NULL, data TEXT NOT NULL, created INTEGER NOT NULL);
CREATE INDEX prices_by_product ON prices (product, active);
CREATE TABLE coupons (id TEXT PRIMARY KEY, data TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE sessions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL,
                       created INTEGER NOT NULL, updated INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
