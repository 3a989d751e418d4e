-- Addresses stay in lower case: which letters were capitals is not kept.
DROP INDEX users_email_one_per_mailbox;
