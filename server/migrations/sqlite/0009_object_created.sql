-- Objects answer when they were created (`created`, DESIGN §9): the time each row already
-- holds is written into the object's JSON, where the engine reads it.
UPDATE products SET data = json_set(data, '$.created', created) WHERE json_extract(data, '$.created') IS NULL;
UPDATE prices SET data = json_set(data, '$.created', created) WHERE json_extract(data, '$.created') IS NULL;
UPDATE coupons SET data = json_set(data, '$.created', created) WHERE json_extract(data, '$.created') IS NULL;
UPDATE sessions SET data = json_set(data, '$.created', created) WHERE json_extract(data, '$.created') IS NULL;
