DROP TABLE audit_log; DROP TABLE case_events; DROP TABLE cases; DROP TABLE api_tokens; DROP TABLE users; DROP TABLE complainants; DROP TABLE authorities;
