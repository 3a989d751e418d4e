-- Nothing on SQLite: the PostgreSQL migration of this version folds the authorities' names
-- for its trigram search; SQLite's search reads its FTS5 table (authority_names).
SELECT 1;
