DROP TABLE published_provisions;
DROP TABLE published_texts;
DROP TABLE published_notices;
