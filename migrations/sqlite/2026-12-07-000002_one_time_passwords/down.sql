ALTER TABLE users DROP COLUMN one_time_used_at;
ALTER TABLE users DROP COLUMN password_one_time;
