DROP TABLE notice_downloads;
DROP TABLE outbox_attachments;
