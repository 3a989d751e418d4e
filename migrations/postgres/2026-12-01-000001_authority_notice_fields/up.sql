-- What a notice and a letter need of an authority besides its names (PostgreSQL; keep in step
-- with migrations/sqlite): the article used before the short name ("the" DWP, but Ofsted), and
-- whether it may issue a ministerial certificate under FOIA s53.
ALTER TABLE authorities ADD COLUMN article TEXT NOT NULL DEFAULT '';
ALTER TABLE authorities ADD COLUMN s53_certificate BOOLEAN NOT NULL DEFAULT FALSE;
-- The import matches on the formal name, case-insensitively; searches start with a prefix
-- (text_pattern_ops so that LIKE 'x%' can use the index whatever the collation).
CREATE INDEX authorities_formal_name_lower ON authorities (lower(formal_name) text_pattern_ops);
CREATE INDEX authorities_short_name_lower ON authorities (lower(short_name) text_pattern_ops);
