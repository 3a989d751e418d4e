-- The appeal chain of a published notice (First-tier Tribunal, Upper Tribunal, Court of Appeal
-- or Court of Session), lowest court first, as JSON: each proceeding's court, reference, the day
-- it was received, whether decided, its outcome and the day. Written when the notice is
-- published and whenever one of its case's appeals changes; no row when there is none (nor for
-- imported notices, which give only the latest proceeding's reference). A table of its own:
-- published_notices is at diesel's 32 columns.
CREATE TABLE published_appeal_chains (
    published_id INTEGER PRIMARY KEY NOT NULL REFERENCES published_notices (id) ON DELETE CASCADE,
    chain TEXT NOT NULL
);
