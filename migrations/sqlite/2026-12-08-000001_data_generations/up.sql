-- How far the caseload and the authorities have moved on (SQLite; keep in step with
-- migrations/postgres). A token drawn once for this database and, per kind of data, a number
-- that every change to it moves on, committed with the change. Each server remembers counts it
-- has made (src/db/generations.rs) under the number it read before counting, and counts again
-- once the number has moved on: the case list's total and the authority picker's short
-- searches are not counted afresh on every request.
--   caseload: the cases, their complainants and their authorities (names, sectors)
--   authorities: the authorities alone
CREATE TABLE data_generations (
    name TEXT PRIMARY KEY NOT NULL,
    token TEXT NOT NULL,
    n BIGINT NOT NULL
);
INSERT INTO data_generations (name, token, n) VALUES
    ('caseload', lower(hex(randomblob(16))), 0),
    ('authorities', lower(hex(randomblob(16))), 0);
CREATE TRIGGER cases_generation_insert AFTER INSERT ON cases BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name = 'caseload';
END;
CREATE TRIGGER cases_generation_update AFTER UPDATE ON cases BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name = 'caseload';
END;
CREATE TRIGGER cases_generation_delete AFTER DELETE ON cases BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name = 'caseload';
END;
CREATE TRIGGER complainants_generation_insert AFTER INSERT ON complainants BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name = 'caseload';
END;
CREATE TRIGGER complainants_generation_update AFTER UPDATE ON complainants BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name = 'caseload';
END;
CREATE TRIGGER complainants_generation_delete AFTER DELETE ON complainants BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name = 'caseload';
END;
CREATE TRIGGER authorities_generation_insert AFTER INSERT ON authorities BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name IN ('caseload', 'authorities');
END;
CREATE TRIGGER authorities_generation_update AFTER UPDATE ON authorities BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name IN ('caseload', 'authorities');
END;
CREATE TRIGGER authorities_generation_delete AFTER DELETE ON authorities BEGIN
    UPDATE data_generations SET n = n + 1 WHERE name IN ('caseload', 'authorities');
END;
