-- Decision notices: every save, submission, approval, return and issue is a new version row.
CREATE TABLE notice_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned', 'issued')),
    comment TEXT,
    pdf BLOB,
    pdf_sha256 TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, version)
);

-- Each provision decided in an issued notice, with its outcome, for the statistics.
CREATE TABLE notice_provisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    notice_version_id BIGINT NOT NULL REFERENCES notice_versions (id),
    provision TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld'))
);
CREATE INDEX notice_provisions_provision ON notice_provisions (provision, outcome);
