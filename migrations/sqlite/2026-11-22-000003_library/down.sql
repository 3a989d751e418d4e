DROP TABLE library_usage; DROP TABLE library_entries;
