-- The register's appeal status from the appeals record (keep in step with the other backend):
-- the court or tribunal of the latest proceeding, its outcome and the date it was decided, and
-- the last day to appeal the notice (GRC r22(1)(b), or FOISA s56 for a Scottish notice), so the
-- register can say "Appeal window open until …". Written by the same transaction as the appeal
-- (an UPDATE on published_notices, so register_generation moves on with it).
ALTER TABLE published_notices ADD COLUMN appeal_stage TEXT;
ALTER TABLE published_notices ADD COLUMN appeal_outcome TEXT;
ALTER TABLE published_notices ADD COLUMN appeal_decided_on DATE;
ALTER TABLE published_notices ADD COLUMN appeal_window_until DATE;
