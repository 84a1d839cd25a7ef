-- The merchant dashboard's sign-in sessions: the SHA-256 digest of the cookie's token
-- (the token itself is never stored), valid until `expires`.
CREATE TABLE dashboard_sessions (token_digest TEXT PRIMARY KEY, created BIGINT NOT NULL,
                                 expires BIGINT NOT NULL);
