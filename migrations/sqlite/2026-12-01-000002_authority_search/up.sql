-- Searching authorities by any part of a name (SQLite; keep in step with migrations/postgres):
-- an FTS5 index of trigrams over the short and formal names, kept by triggers, so that
-- "?q=constab" finds "Northshire Constabulary" without reading every row.
CREATE VIRTUAL TABLE authority_names USING fts5(
    short_name, formal_name,
    content = 'authorities', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 0'
);
INSERT INTO authority_names (authority_names) VALUES ('rebuild');
CREATE TRIGGER authority_names_insert AFTER INSERT ON authorities BEGIN
    INSERT INTO authority_names (rowid, short_name, formal_name)
    VALUES (new.id, new.short_name, new.formal_name);
END;
CREATE TRIGGER authority_names_delete AFTER DELETE ON authorities BEGIN
    INSERT INTO authority_names (authority_names, rowid, short_name, formal_name)
    VALUES ('delete', old.id, old.short_name, old.formal_name);
END;
CREATE TRIGGER authority_names_update AFTER UPDATE OF short_name, formal_name ON authorities BEGIN
    INSERT INTO authority_names (authority_names, rowid, short_name, formal_name)
    VALUES ('delete', old.id, old.short_name, old.formal_name);
    INSERT INTO authority_names (rowid, short_name, formal_name)
    VALUES (new.id, new.short_name, new.formal_name);
END;
