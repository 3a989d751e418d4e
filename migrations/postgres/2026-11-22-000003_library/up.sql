-- Managers' edits to the paragraph library: every edit is a new version of its key.
CREATE TABLE library_entries (
    id BIGSERIAL PRIMARY KEY,
    entry_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    heading TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (entry_key, version)
);

-- One row per library paragraph in an issued notice: how often each entry is used.
CREATE TABLE library_usage (
    id BIGSERIAL PRIMARY KEY,
    entry_key TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    used_at TIMESTAMP NOT NULL
);
CREATE INDEX library_usage_key ON library_usage (entry_key);
