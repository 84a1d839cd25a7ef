-- Objects answer when they were created (`created`, DESIGN §9): the time each row already
-- holds is written into the object's JSON, where the engine reads it.
UPDATE products SET data = jsonb_set(data::jsonb, '{created}', to_jsonb(created))::text WHERE NOT (data::jsonb ? 'created');
UPDATE prices SET data = jsonb_set(data::jsonb, '{created}', to_jsonb(created))::text WHERE NOT (data::jsonb ? 'created');
UPDATE coupons SET data = jsonb_set(data::jsonb, '{created}', to_jsonb(created))::text WHERE NOT (data::jsonb ? 'created');
UPDATE sessions SET data = jsonb_set(data::jsonb, '{created}', to_jsonb(created))::text WHERE NOT (data::jsonb ? 'created');
