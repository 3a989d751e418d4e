CREATE INDEX authorities_short_name_trgm ON authorities USING gin (lower(short_name) gin_trgm_ops)
    WITH (fastupdate = off);
CREATE INDEX authorities_formal_name_trgm ON authorities USING gin (lower(formal_name) gin_trgm_ops)
    WITH (fastupdate = off);
DROP INDEX authorities_name_folded_trgm;
ALTER TABLE authorities DROP COLUMN name_folded;
