-- API tokens expire and record when they were last used. SQLite cannot add a NOT NULL column
-- without a constant default, so the table is rebuilt. Tokens made before this upgrade had no
-- lifetime: they expire 90 days after it (the default lifetime), so that no integration stops
-- the day the upgrade runs and none lasts for ever.
CREATE TABLE api_tokens_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
INSERT INTO api_tokens_new (id, user_id, token_hash, label, created_at, revoked_at, expires_at)
    SELECT id, user_id, token_hash, label, created_at, revoked_at, datetime('now', '+90 days')
    FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A calendar link of an account deactivated before this upgrade is revoked now: deactivation
-- revokes it from now on, and reactivating an account never brings an old link back.
UPDATE calendar_feeds SET revoked_at = CURRENT_TIMESTAMP
    WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE NOT active);
