-- Insights of §11 (docs/insights.md): the discount a completed checkout was granted
-- through a promotion code, and every optional item it offered, added or not.
ALTER TABLE completions ADD COLUMN promotion_discount BIGINT NOT NULL DEFAULT 0;
CREATE TABLE completion_optional_items (session TEXT NOT NULL REFERENCES completions(session),
                                        product TEXT NOT NULL, attached INTEGER NOT NULL,
                                        PRIMARY KEY (session, product));
