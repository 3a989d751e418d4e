-- Working days from the date of receipt to the response, kept with the events for statistics.
ALTER TABLE cases ADD COLUMN response_working_days INTEGER;
-- The steps a decision notice ordered: when due (after any appeal) and when complied with.
ALTER TABLE cases ADD COLUMN steps_due DATE;
ALTER TABLE cases ADD COLUMN steps_complied DATE;
-- Covers the timeliness scan: every column it reads, led by the date of receipt.
CREATE INDEX cases_timeliness ON cases (request_received, authority_id, response_working_days, response_sent, response_due, final_response_due, officer_id, regime);
CREATE INDEX cases_closed_on ON cases (closed_on);
-- The appeal rate and other event-log statistics select events by kind and date.
CREATE INDEX case_events_kind ON case_events (kind, event_date);
