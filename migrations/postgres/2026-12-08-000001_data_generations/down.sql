DROP TRIGGER authorities_authorities_generation ON authorities;
DROP TRIGGER authorities_caseload_generation ON authorities;
DROP TRIGGER complainants_caseload_generation ON complainants;
DROP TRIGGER cases_caseload_generation ON cases;
DROP FUNCTION data_generation_next();
DROP TABLE data_generations;
