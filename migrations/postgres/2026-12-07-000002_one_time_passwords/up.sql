-- One-time passwords (issue 15): the password `user add` prints and an admin's reset issues
-- opens one session, which can only choose a new password; once used it is spent even if
-- nobody chooses one. Accounts that existed before keep the password they have (false).
ALTER TABLE users ADD COLUMN password_one_time BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN one_time_used_at TIMESTAMP;
