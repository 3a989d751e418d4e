DROP TABLE reminder_settings;
DROP TABLE email_recipients;
DROP TABLE outbox;
