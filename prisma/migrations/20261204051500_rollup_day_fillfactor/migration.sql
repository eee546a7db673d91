-- Hand-written: rollup_day and rollup_flag_day were created (20261124164937) just before the migration
-- that left a third of each rollup page free for HOT updates (20261124170044), and that migration missed
-- them. Measured with bench:ingest-sql: 84 % of rollup_day's updates were HOT at fillfactor 100.
-- Storage parameters only; the drift check does not compare them.
ALTER TABLE "rollup_day" SET (fillfactor = 65);
ALTER TABLE "rollup_flag_day" SET (fillfactor = 65);
