-- The register's search speed (SQLite; keep in step with migrations/postgres).
-- The register's generation: a token drawn once for this database and a number every change
-- to the published notices or their provisions moves on, committed with the change. Each
-- server keeps the facet values of the published notices in memory (src/db/register/index.rs)
-- and reads this one row before a search to know whether they are still current.
CREATE TABLE register_generation (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    token TEXT NOT NULL,
    n BIGINT NOT NULL
);
INSERT INTO register_generation (id, token, n) VALUES (1, lower(hex(randomblob(16))), 0);
CREATE TRIGGER published_notices_generation_insert AFTER INSERT ON published_notices BEGIN
    UPDATE register_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER published_notices_generation_update AFTER UPDATE ON published_notices BEGIN
    UPDATE register_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER published_notices_generation_delete AFTER DELETE ON published_notices BEGIN
    UPDATE register_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER published_provisions_generation_insert AFTER INSERT ON published_provisions BEGIN
    UPDATE register_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER published_provisions_generation_update AFTER UPDATE ON published_provisions BEGIN
    UPDATE register_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER published_provisions_generation_delete AFTER DELETE ON published_provisions BEGIN
    UPDATE register_generation SET n = n + 1 WHERE id = 1;
END;
