-- The public register of decision notices (PostgreSQL; keep in step with migrations/sqlite).
-- One row per published notice: a copy with the complainant removed, self-contained so that
-- historical notices imported without a case sit beside the ones issued here. Withheld notices
-- keep their row (status 'withheld' with the manager's reason) so the counts can be audited.
CREATE TABLE published_notices (
    id BIGSERIAL PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    case_id BIGINT UNIQUE REFERENCES cases (id),
    notice_version_id BIGINT REFERENCES notice_versions (id),
    source TEXT NOT NULL CHECK (source IN ('issued', 'imported')),
    status TEXT NOT NULL CHECK (status IN ('published', 'withheld')),
    status_reason TEXT,
    status_by BIGINT REFERENCES users (id),
    status_at TIMESTAMP,
    issued_on DATE NOT NULL,
    authority_id BIGINT REFERENCES authorities (id),
    authority_name TEXT NOT NULL,
    sector TEXT NOT NULL,
    regime TEXT NOT NULL,
    summary TEXT NOT NULL,
    request_received DATE,
    response_sent DATE,
    review_requested DATE,
    review_completed DATE,
    complaint_received DATE,
    allocated_on DATE,
    steps_period_days INTEGER,
    steps_due DATE,
    appeal_status TEXT NOT NULL CHECK (appeal_status IN ('none', 'lodged', 'determined')),
    tribunal_reference TEXT,
    pdf_url TEXT,
    published_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX published_notices_listing ON published_notices (status, issued_on DESC, id DESC);
CREATE INDEX published_notices_authority ON published_notices (authority_name);

-- The published text, apart from the listing's columns so that listing, counting and faceting
-- read small rows. The authority's name and the abstract are repeated here for the search.
CREATE TABLE published_texts (
    published_id BIGINT PRIMARY KEY REFERENCES published_notices (id) ON DELETE CASCADE,
    authority_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Full-text search: weighted (authority, summary, body), kept by PostgreSQL itself. Not in
    -- schema.rs: only the search statements in src/db/register/search.rs read it.
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', authority_name), 'A') ||
        setweight(to_tsvector('english', summary), 'B') ||
        setweight(to_tsvector('english', body), 'C')
    ) STORED
);
CREATE INDEX published_texts_search ON published_texts USING GIN (search);

-- The outcome per provision, in the order the notice gives them.
CREATE TABLE published_provisions (
    id BIGSERIAL PRIMARY KEY,
    published_id BIGINT NOT NULL REFERENCES published_notices (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    provision TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld'))
);
CREATE INDEX published_provisions_notice ON published_provisions (published_id, position);
CREATE INDEX published_provisions_match ON published_provisions (provision, outcome, published_id);
