-- Searching authorities by any part of a name (PostgreSQL; keep in step with
-- migrations/sqlite): trigram indexes (pg_trgm) on the lower-cased names, which the search's
-- LIKE '%x%' uses, so that "?q=constab" finds "Northshire Constabulary" without reading every row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX authorities_short_name_trgm ON authorities USING gin (lower(short_name) gin_trgm_ops);
CREATE INDEX authorities_formal_name_trgm ON authorities USING gin (lower(formal_name) gin_trgm_ops);
