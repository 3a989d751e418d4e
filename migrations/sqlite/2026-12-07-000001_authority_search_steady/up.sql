-- Nothing to do on SQLite (keep in step with migrations/postgres): its FTS5 table has no GIN
-- pending list; this migration exists so that the two trees have the same migrations.
SELECT 1;
