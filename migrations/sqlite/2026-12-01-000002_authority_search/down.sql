DROP TRIGGER authority_names_update;
DROP TRIGGER authority_names_delete;
DROP TRIGGER authority_names_insert;
DROP TABLE authority_names;
