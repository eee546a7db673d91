-- rollup_day and rollup_flag_day are now written by their writers directly (ingest's statement in
-- lib/ingest/ingest-events.ts adds each batch's new events to them like to the minute and hour rollups;
-- lib/metrics/rebuild-rollups.ts recomputes them with the others), instead of being derived from
-- rollup_hour / rollup_flag_minute by statement-level triggers. Measured on one ingest backend, the
-- triggers' transition tables and second upsert cost ≈6–9 µs per event of the ≈50 the statement costs.
-- The day rollups already hold what the triggers derived, so nothing is recomputed here.
DROP TRIGGER rollup_day_on_insert ON rollup_hour;
DROP TRIGGER rollup_day_on_update ON rollup_hour;
DROP TRIGGER rollup_day_on_delete ON rollup_hour;
DROP FUNCTION warden_rollup_day_on_insert();
DROP FUNCTION warden_rollup_day_on_update();
DROP FUNCTION warden_rollup_day_on_delete();
DROP TRIGGER rollup_flag_day_on_insert ON rollup_flag_minute;
DROP TRIGGER rollup_flag_day_on_update ON rollup_flag_minute;
DROP TRIGGER rollup_flag_day_on_delete ON rollup_flag_minute;
DROP FUNCTION warden_rollup_flag_day_apply();
