-- The authority search's trigram indexes without a pending list (PostgreSQL only: SQLite's FTS5
-- table has none). With GIN's fastupdate on, new entries wait in an unsorted list that every
-- search reads in full until a vacuum merges it: after a bulk import that list cost each search
-- several milliseconds. Authorities change rarely, so each insert updates the index at once.
ALTER INDEX authorities_short_name_trgm SET (fastupdate = off);
ALTER INDEX authorities_formal_name_trgm SET (fastupdate = off);
SELECT gin_clean_pending_list('authorities_short_name_trgm');
SELECT gin_clean_pending_list('authorities_formal_name_trgm');
