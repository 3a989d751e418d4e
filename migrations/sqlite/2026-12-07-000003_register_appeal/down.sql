ALTER TABLE published_notices DROP COLUMN appeal_window_until;
ALTER TABLE published_notices DROP COLUMN appeal_decided_on;
ALTER TABLE published_notices DROP COLUMN appeal_outcome;
ALTER TABLE published_notices DROP COLUMN appeal_stage;
