-- How far the caseload and the authorities have moved on (PostgreSQL; keep in step with
-- migrations/sqlite). A token drawn once for this database and, per kind of data, a number
-- that every change to it moves on, committed with the change. Each server remembers counts it
-- has made (src/db/generations.rs) under the number it read before counting, and counts again
-- once the number has moved on: the case list's total and the authority picker's short
-- searches are not counted afresh on every request.
--   caseload: the cases, their complainants and their authorities (names, sectors)
--   authorities: the authorities alone
CREATE TABLE data_generations (
    name TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    n BIGINT NOT NULL
);
INSERT INTO data_generations (name, token, n) VALUES
    ('caseload', md5(random()::text || clock_timestamp()::text), 0),
    ('authorities', md5(random()::text || clock_timestamp()::text), 0);
-- The number moves on once per transaction, at its commit (a deferred constraint trigger): the
-- row's lock is then taken after every other lock the transaction holds, so two transactions
-- that each change several cases wait for each other instead of deadlocking over it.
CREATE FUNCTION data_generation_next() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    flag TEXT := 'section50.generation_' || TG_ARGV[0];
BEGIN
    IF current_setting(flag, true) = '1' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config(flag, '1', true);
    UPDATE data_generations SET n = n + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER cases_caseload_generation AFTER INSERT OR UPDATE OR DELETE ON cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_generation_next('caseload');
CREATE CONSTRAINT TRIGGER complainants_caseload_generation AFTER INSERT OR UPDATE OR DELETE ON complainants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_generation_next('caseload');
CREATE CONSTRAINT TRIGGER authorities_caseload_generation AFTER INSERT OR UPDATE OR DELETE ON authorities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_generation_next('caseload');
CREATE CONSTRAINT TRIGGER authorities_authorities_generation AFTER INSERT OR UPDATE OR DELETE ON authorities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_generation_next('authorities');
