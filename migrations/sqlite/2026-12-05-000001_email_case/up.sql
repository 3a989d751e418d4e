-- One account per mailbox: email addresses are stored in their account form (ASCII letters in
-- lower case, as `domain::parties::account_email_key` makes them) and a unique index on
-- lower(email) refuses a second spelling of one address, whatever writes it.
--
-- Existing rows: when two accounts differ only in the case of their address (Ann@x.org and
-- ann@x.org) the upgrade is refused, with nothing changed, until someone decides which account
-- stays (SQLite's RAISE takes a fixed message, so it says how to find them). Otherwise every
-- address is lower-cased: an account made with capitals can sign in again.
CREATE TEMP TABLE email_case_clashes (email TEXT NOT NULL);
CREATE TEMP TRIGGER email_case_refuse BEFORE INSERT ON email_case_clashes
BEGIN
    SELECT RAISE(ABORT, 'Two or more accounts have email addresses that differ only in capital letters (like Ann@x.org and ann@x.org): they are one mailbox and may hold one account. Nothing was changed. List them with: SELECT lower(email), group_concat(id) FROM users GROUP BY lower(email) HAVING count(*) > 1; then change the address of (or delete) all but one of each, and run the upgrade again.');
END;
INSERT INTO email_case_clashes
    SELECT lower(email) FROM users GROUP BY lower(email) HAVING count(*) > 1;
DROP TRIGGER email_case_refuse;
DROP TABLE email_case_clashes;

UPDATE users SET email = lower(email) WHERE email <> lower(email);
-- The lockout counts failures by the same form.
UPDATE sign_in_failures SET email = lower(email) WHERE email <> lower(email);

CREATE UNIQUE INDEX users_email_one_per_mailbox ON users (lower(email));
