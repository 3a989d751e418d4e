-- API tokens expire and record when they were last used. Tokens made before this upgrade had
-- no lifetime: they expire 90 days after it (the default lifetime), so that no integration
-- stops the day the upgrade runs and none lasts for ever. Times are UTC, as the code writes.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
UPDATE api_tokens SET expires_at = (now() AT TIME ZONE 'UTC') + INTERVAL '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMP;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A calendar link of an account deactivated before this upgrade is revoked now: deactivation
-- revokes it from now on, and reactivating an account never brings an old link back.
UPDATE calendar_feeds SET revoked_at = (now() AT TIME ZONE 'UTC')
    WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE NOT active);
