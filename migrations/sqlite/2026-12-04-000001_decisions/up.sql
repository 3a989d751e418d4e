-- Decisions that reach the parties: the PDF copies attached to the emails that deliver a
-- decision notice (the authority's without the complainant's details), and the links in those
-- emails to download a copy (only a SHA-256 hash of each link's secret is stored).
CREATE TABLE outbox_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    outbox_id BIGINT NOT NULL REFERENCES outbox (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX outbox_attachments_message ON outbox_attachments (outbox_id);
CREATE TABLE notice_downloads (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    notice_version_id BIGINT NOT NULL REFERENCES notice_versions (id),
    copy TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
