-- The register's search speed (PostgreSQL; keep in step with migrations/sqlite).
-- The register's generation: a token drawn once for this database and a number every change
-- to the published notices or their provisions moves on, committed with the change. Each
-- server keeps the facet values of the published notices in memory (src/db/register/index.rs)
-- and reads this one row before a search to know whether they are still current.
CREATE TABLE register_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL,
    n BIGINT NOT NULL
);
INSERT INTO register_generation (id, token, n)
VALUES (1, md5(random()::text || clock_timestamp()::text), 0);
CREATE FUNCTION register_generation_next() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_generation SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER published_notices_generation AFTER INSERT OR UPDATE OR DELETE ON published_notices
    FOR EACH STATEMENT EXECUTE FUNCTION register_generation_next();
CREATE TRIGGER published_provisions_generation AFTER INSERT OR UPDATE OR DELETE ON published_provisions
    FOR EACH STATEMENT EXECUTE FUNCTION register_generation_next();

-- The words' matches from the GIN index alone. A word in nearly every notice makes the
-- planner prefer reading the whole table, which decompresses every tsvector (about 100 ms over
-- 25,000 notices); the bitmap of the index then a visit to each narrow row takes about 4 ms.
-- A function's own SET applies while its statement is planned, and to nothing else.
CREATE FUNCTION register_matching(words TEXT) RETURNS SETOF BIGINT
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT published_id FROM published_texts WHERE search @@ plainto_tsquery('english', words)
$$;

-- The text rows narrow (what is large stored apart, uncompressed), so that visiting each row
-- a word matched reads few pages. Applies to rows written from now on.
ALTER TABLE published_texts
    ALTER COLUMN body SET STORAGE EXTERNAL,
    ALTER COLUMN summary SET STORAGE EXTERNAL,
    ALTER COLUMN search SET STORAGE EXTERNAL,
    SET (toast_tuple_target = 128);
