-- section50 foundation schema (PostgreSQL). Keep in step with migrations/sqlite.
CREATE TABLE authorities (
    id BIGSERIAL PRIMARY KEY,
    formal_name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL,
    nation TEXT NOT NULL,
    foi_email TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX authorities_short_name ON authorities (short_name);

-- Personal data: never logged, never published.
CREATE TABLE complainants (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    postal_address TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'manager', 'admin')),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE cases (
    id BIGSERIAL PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    regime TEXT NOT NULL,
    authority_id BIGINT NOT NULL REFERENCES authorities (id),
    complainant_id BIGINT NOT NULL REFERENCES complainants (id),
    officer_id BIGINT REFERENCES users (id),
    created_by BIGINT REFERENCES users (id),
    status TEXT NOT NULL,
    rejection_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Summary columns, recomputed from the event log in the same transaction as every event.
    request_received DATE,
    response_due DATE,
    response_sent DATE,
    response_status TEXT,
    response_working_days_late INTEGER,
    extension_claimed BOOLEAN NOT NULL DEFAULT FALSE,
    final_response_due DATE,
    review_requested DATE,
    review_completed DATE,
    review_working_days INTEGER,
    complaint_received DATE,
    allocated_on DATE,
    decided_on DATE,
    closed_on DATE,
    next_deadline DATE,
    next_deadline_name TEXT,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cases_status ON cases (status);
CREATE INDEX cases_authority ON cases (authority_id, request_received);
CREATE INDEX cases_officer ON cases (officer_id, next_deadline);
CREATE INDEX cases_next_deadline ON cases (next_deadline);
CREATE INDEX cases_complaint_received ON cases (complaint_received);
CREATE INDEX cases_request_received ON cases (request_received);

-- Append-only: a correction is a new row that supersedes an earlier one.
CREATE TABLE case_events (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    event_date DATE NOT NULL,
    event_timestamp TIMESTAMP,
    details TEXT NOT NULL DEFAULT '{}',
    supersedes BIGINT REFERENCES case_events (id),
    retracted BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, event_date);
CREATE UNIQUE INDEX case_events_one_correction ON case_events (supersedes);

-- Append-only too: who changed what, for cases, authorities and users.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
