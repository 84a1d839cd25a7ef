-- Insights (docs/insights.md): what each completed checkout came to, recorded in the
-- transaction that completes it. Flags are 0/1 integers so the same queries sum them on
-- every backend.
CREATE TABLE completions (session TEXT PRIMARY KEY REFERENCES sessions(id),
                          completed BIGINT NOT NULL, livemode INTEGER NOT NULL,
                          currency TEXT NOT NULL, amount_total BIGINT NOT NULL,
                          upsell_offered INTEGER NOT NULL, upsell_taken INTEGER NOT NULL,
                          upsell_added BIGINT NOT NULL, cross_sells_added BIGINT NOT NULL);
CREATE INDEX completions_by_time ON completions (livemode, completed);
-- Every cross-sell a completed checkout offered, attached or not.
CREATE TABLE completion_cross_sells (session TEXT NOT NULL REFERENCES completions(session),
                                     product TEXT NOT NULL, attached INTEGER NOT NULL,
                                     added BIGINT NOT NULL, PRIMARY KEY (session, product));
