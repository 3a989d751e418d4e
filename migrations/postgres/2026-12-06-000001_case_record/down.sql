DROP TABLE case_links;
DROP TABLE case_notes;
DROP TABLE case_record_changes;
DROP TABLE case_records;
