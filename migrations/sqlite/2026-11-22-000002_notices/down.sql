DROP TABLE notice_provisions; DROP TABLE notice_versions;
