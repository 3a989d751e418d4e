ALTER TABLE published_texts
    ALTER COLUMN body SET STORAGE EXTENDED,
    ALTER COLUMN summary SET STORAGE EXTENDED,
    ALTER COLUMN search SET STORAGE EXTENDED,
    RESET (toast_tuple_target);
DROP FUNCTION register_matching(TEXT);
DROP TRIGGER published_provisions_generation ON published_provisions;
DROP TRIGGER published_notices_generation ON published_notices;
DROP FUNCTION register_generation_next();
DROP TABLE register_generation;
