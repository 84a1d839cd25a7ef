-- Idempotency keys: the first answer to each (scope, key), kept 24 hours.
CREATE TABLE idempotency_keys (scope TEXT NOT NULL, key TEXT NOT NULL,
                               fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
                               body TEXT NOT NULL, created INTEGER NOT NULL,
                               PRIMARY KEY (scope, key));
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created);
