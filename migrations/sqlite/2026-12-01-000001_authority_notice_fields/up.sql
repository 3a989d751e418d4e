-- What a notice and a letter need of an authority besides its names (SQLite; keep in step with
-- migrations/postgres): the article used before the short name ("the" DWP, but Ofsted), and
-- whether it may issue a ministerial certificate under FOIA s53.
ALTER TABLE authorities ADD COLUMN article TEXT NOT NULL DEFAULT '';
ALTER TABLE authorities ADD COLUMN s53_certificate BOOLEAN NOT NULL DEFAULT 0;
-- The import matches on the formal name, case-insensitively; searches start with a prefix.
CREATE INDEX authorities_formal_name_lower ON authorities (lower(formal_name));
CREATE INDEX authorities_short_name_lower ON authorities (lower(short_name));
