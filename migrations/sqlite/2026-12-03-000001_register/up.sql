-- The public register of decision notices (SQLite; keep in step with migrations/postgres).
-- One row per published notice: a copy with the complainant removed, self-contained so that
-- historical notices imported without a case sit beside the ones issued here. Withheld notices
-- keep their row (status 'withheld' with the manager's reason) so the counts can be audited.
CREATE TABLE published_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
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

-- The outcome per provision, in the order the notice gives them.
CREATE TABLE published_provisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    published_id BIGINT NOT NULL REFERENCES published_notices (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    provision TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld'))
);
CREATE INDEX published_provisions_notice ON published_provisions (published_id, position);
CREATE INDEX published_provisions_match ON published_provisions (provision, outcome, published_id);

-- The published text, apart from the listing's columns so that listing, counting and faceting
-- read small rows. The authority's name and the abstract are repeated here for the search.
CREATE TABLE published_texts (
    published_id INTEGER PRIMARY KEY NOT NULL REFERENCES published_notices (id) ON DELETE CASCADE,
    authority_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL
);

-- Full-text search: FTS5 over the published text (an external-content table kept in step by
-- triggers, so every write path, the import included, indexes the same way).
CREATE VIRTUAL TABLE published_notices_fts USING fts5(
    authority_name, summary, body,
    content = 'published_texts', content_rowid = 'published_id', tokenize = 'porter unicode61'
);
CREATE TRIGGER published_notices_fts_insert AFTER INSERT ON published_texts BEGIN
    INSERT INTO published_notices_fts (rowid, authority_name, summary, body)
    VALUES (new.published_id, new.authority_name, new.summary, new.body);
END;
CREATE TRIGGER published_notices_fts_delete AFTER DELETE ON published_texts BEGIN
    INSERT INTO published_notices_fts (published_notices_fts, rowid, authority_name, summary, body)
    VALUES ('delete', old.published_id, old.authority_name, old.summary, old.body);
END;
CREATE TRIGGER published_notices_fts_update AFTER UPDATE ON published_texts BEGIN
    INSERT INTO published_notices_fts (published_notices_fts, rowid, authority_name, summary, body)
    VALUES ('delete', old.published_id, old.authority_name, old.summary, old.body);
    INSERT INTO published_notices_fts (rowid, authority_name, summary, body)
    VALUES (new.published_id, new.authority_name, new.summary, new.body);
END;
