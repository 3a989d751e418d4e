ALTER INDEX authorities_short_name_trgm RESET (fastupdate);
ALTER INDEX authorities_formal_name_trgm RESET (fastupdate);
