-- Emails go through this outbox: written in the same transaction as the change that causes
-- them (or by the scheduler), each with a unique de-duplication key, so that a message is
-- never lost and never queued twice. The worker claims due rows, sends them and stamps them.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    dedup_key TEXT NOT NULL UNIQUE,
    case_id BIGINT REFERENCES cases (id),
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    recipient_role TEXT NOT NULL,
    deadline_name TEXT,
    deadline_date DATE,
    statutory BOOLEAN NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_case ON outbox (case_id);

-- Parties' addresses with the secret of their opt-out link; opting out stops courtesy
-- reminders only (statutory notifications always go).
CREATE TABLE email_recipients (
    email TEXT PRIMARY KEY NOT NULL,
    opt_out_token TEXT NOT NULL UNIQUE,
    opted_out_at TIMESTAMP
);

-- Reminder offsets managers may change (missing rows take the defaults).
CREATE TABLE reminder_settings (
    name TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
);
