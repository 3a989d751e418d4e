DROP INDEX case_events_kind; DROP INDEX cases_closed_on; DROP INDEX cases_timeliness; ALTER TABLE cases DROP COLUMN response_working_days;
