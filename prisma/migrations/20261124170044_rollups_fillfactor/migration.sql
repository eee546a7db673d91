-- Hand-written: the rollup rows are updated in place by every ingest batch (same minute, hour, day).
-- Leaving a third of each page free lets Postgres make those updates HOT (heap-only: no new index
-- entries, since no indexed column changes), which keeps ingest fast and the indexes small.
-- Storage parameters only; the drift check does not compare them.
ALTER TABLE "rollup_minute" SET (fillfactor = 65);
ALTER TABLE "rollup_hour" SET (fillfactor = 65);
ALTER TABLE "rollup_user_day" SET (fillfactor = 65);
ALTER TABLE "rollup_flag_minute" SET (fillfactor = 65);
