-- One account per mailbox: email addresses are stored in their account form (ASCII letters in
-- lower case, as `domain::parties::account_email_key` makes them; lower() under the "C"
-- collation folds ASCII only, as the code and SQLite do) and a unique index refuses a second
-- spelling of one address, whatever writes it.
--
-- Existing rows: when two accounts differ only in the case of their address (Ann@x.org and
-- ann@x.org) the upgrade is refused, naming them, with nothing changed, until someone decides
-- which account stays. Otherwise every address is lower-cased: an account made with capitals
-- can sign in again.
DO $$
DECLARE
    clashes TEXT;
BEGIN
    SELECT string_agg(spellings, '; ') INTO clashes FROM (
        SELECT string_agg(email || ' (id ' || id || ')', ', ' ORDER BY id) AS spellings
        FROM users GROUP BY lower(email COLLATE "C") HAVING count(*) > 1
    ) AS c;
    IF clashes IS NOT NULL THEN
        RAISE EXCEPTION 'Accounts whose email addresses differ only in capital letters are one mailbox and may hold one account: %. Nothing was changed. Change the address of (or delete) all but one of each, and run the upgrade again.', clashes;
    END IF;
END
$$;

UPDATE users SET email = lower(email COLLATE "C") WHERE email <> lower(email COLLATE "C");
-- The lockout counts failures by the same form.
UPDATE sign_in_failures SET email = lower(email COLLATE "C")
    WHERE email <> lower(email COLLATE "C");

CREATE UNIQUE INDEX users_email_one_per_mailbox ON users (lower(email COLLATE "C"));
