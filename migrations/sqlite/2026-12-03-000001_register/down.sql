DROP TRIGGER published_notices_fts_update;
DROP TRIGGER published_notices_fts_delete;
DROP TRIGGER published_notices_fts_insert;
DROP TABLE published_notices_fts;
DROP TABLE published_provisions;
DROP TABLE published_texts;
DROP TABLE published_notices;
