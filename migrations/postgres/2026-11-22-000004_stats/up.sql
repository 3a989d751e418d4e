-- Working days from the date of receipt to the response, kept with the events for statistics.
ALTER TABLE cases ADD COLUMN response_working_days INTEGER;
CREATE INDEX cases_authority_response ON cases (authority_id, request_received, response_working_days);
CREATE INDEX cases_closed_on ON cases (closed_on);
