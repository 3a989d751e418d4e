-- The structure of a notice's published text (headings, numbered paragraphs, quotations,
-- lists, footnotes) as JSON, for the permalink page; written when a notice issued here is
-- published. Kept apart from published_texts so that the search reads no more than before.
-- Imported notices (plain text) have no row: their page structures the plain text.
CREATE TABLE published_structures (
    published_id BIGINT PRIMARY KEY REFERENCES published_notices (id) ON DELETE CASCADE,
    structure TEXT NOT NULL
);
