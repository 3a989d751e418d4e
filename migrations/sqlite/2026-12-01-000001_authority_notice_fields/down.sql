DROP INDEX authorities_short_name_lower;
DROP INDEX authorities_formal_name_lower;
ALTER TABLE authorities DROP COLUMN s53_certificate;
ALTER TABLE authorities DROP COLUMN article;
