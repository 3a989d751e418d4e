DROP INDEX cases_closed_on; DROP INDEX cases_authority_response; ALTER TABLE cases DROP COLUMN response_working_days;
