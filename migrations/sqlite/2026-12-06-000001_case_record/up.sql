-- The case record an officer needs (issue 14, item 3; SQLite, keep in step with
-- migrations/postgres): the request's wording, the provisions the authority cited and its own
-- reference (one row per case, made when first written); the changes made to the record and the
-- parties after opening (who, when, old -> new: staff only, shown on the case page, never in
-- emails, exports or the register); internal notes; links between cases.
CREATE TABLE case_records (
    case_id BIGINT PRIMARY KEY NOT NULL REFERENCES cases (id),
    request_wording TEXT NOT NULL DEFAULT '',
    -- Provisions in their stored form ("s40(2)", "reg12(4)(a)"), separated by a space.
    exemptions_cited TEXT NOT NULL DEFAULT '',
    authority_reference TEXT NOT NULL DEFAULT ''
);
CREATE TABLE case_record_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    changed_by BIGINT REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX case_record_changes_case ON case_record_changes (case_id, id);
CREATE TABLE case_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    noted_on DATE NOT NULL,
    body TEXT NOT NULL,
    written_by BIGINT REFERENCES users (id),
    written_at TIMESTAMP NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, noted_on, id);
-- A link is stored once, from the case it was made on; both cases show it.
CREATE TABLE case_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    other_case_id BIGINT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('same_request', 'repeat_complainant', 'same_authority_matter')),
    linked_by BIGINT REFERENCES users (id),
    linked_at TIMESTAMP NOT NULL,
    CHECK (case_id <> other_case_id),
    UNIQUE (case_id, other_case_id)
);
CREATE INDEX case_links_other ON case_links (other_case_id);
