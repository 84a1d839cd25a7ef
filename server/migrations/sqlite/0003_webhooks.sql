-- Webhooks: endpoints, the event outbox and one delivery per (event, endpoint).
CREATE TABLE webhook_endpoints (id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL,
                                secret TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, created INTEGER NOT NULL,
                     body TEXT NOT NULL);
CREATE TABLE deliveries (event TEXT NOT NULL REFERENCES events(id),
                         endpoint TEXT NOT NULL REFERENCES webhook_endpoints(id),
                         attempts INTEGER NOT NULL, next_attempt INTEGER NOT NULL,
                         delivered INTEGER, failed INTEGER, last_status INTEGER,
                         last_error TEXT, PRIMARY KEY (event, endpoint));
CREATE INDEX deliveries_due ON deliveries (next_attempt)
  WHERE delivered IS NULL AND failed IS NULL;
