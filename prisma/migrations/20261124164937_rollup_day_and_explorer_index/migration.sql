-- CreateTable
CREATE TABLE "rollup_day" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "gateway_id" UUID NOT NULL,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "team" TEXT NOT NULL DEFAULT '',
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "timeouts" INTEGER NOT NULL DEFAULT 0,
    "denied" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "duration_sum" BIGINT NOT NULL DEFAULT 0,
    "duration_n" INTEGER NOT NULL DEFAULT 0,
    "lat_0" INTEGER NOT NULL DEFAULT 0,
    "lat_1" INTEGER NOT NULL DEFAULT 0,
    "lat_2" INTEGER NOT NULL DEFAULT 0,
    "lat_3" INTEGER NOT NULL DEFAULT 0,
    "lat_4" INTEGER NOT NULL DEFAULT 0,
    "lat_5" INTEGER NOT NULL DEFAULT 0,
    "lat_6" INTEGER NOT NULL DEFAULT 0,
    "lat_7" INTEGER NOT NULL DEFAULT 0,
    "lat_8" INTEGER NOT NULL DEFAULT 0,
    "lat_9" INTEGER NOT NULL DEFAULT 0,
    "lat_10" INTEGER NOT NULL DEFAULT 0,
    "lat_11" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_day_pkey" PRIMARY KEY ("bucket","gateway_id","server","tool","team")
);

-- CreateTable
CREATE TABLE "rollup_flag_day" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "gateway_id" UUID NOT NULL,
    "tool" TEXT NOT NULL,
    "flag" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_flag_day_pkey" PRIMARY KEY ("bucket","gateway_id","tool","flag")
);

-- CreateIndex
CREATE INDEX "rollup_day_bucket_idx" ON "rollup_day"("bucket");

-- CreateIndex
CREATE INDEX "rollup_flag_day_bucket_idx" ON "rollup_flag_day"("bucket");

-- CreateIndex
CREATE INDEX "events_ts_id_idx" ON "events"("ts", "id");

-- Hand-written below: rollup_day and rollup_flag_day are DERIVED from rollup_hour and rollup_flag_minute.
-- Statement-level triggers with transition tables add every change of the source rollup (insert, update,
-- delete; ingest's INSERT … ON CONFLICT DO UPDATE fires both the insert and the update trigger) to the row
-- of its UTC day, in the same transaction. So the day rollups are as exact as the rollups they sum, whoever
-- writes those (ingest, lib/metrics/rebuild-rollups.ts, retention), and charts of long ranges read ~24×
-- fewer rows. Deltas are applied in key order, like ingest's upserts, so concurrent batches lock day rows
-- in one order.

BEGIN;
-- No write to the source rollups between creating the triggers and the backfill at the end.
LOCK TABLE "rollup_hour", "rollup_flag_minute" IN SHARE ROW EXCLUSIVE MODE;

CREATE FUNCTION warden_rollup_day_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_day AS r (bucket, gateway_id, server, tool, team,
    calls, errors, blocked, timeouts, denied, flagged, cost_usd, input_tokens, output_tokens,
    duration_sum, duration_n, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9,
    lat_10, lat_11)
  SELECT date_trunc('day', bucket, 'UTC'), gateway_id, server, tool, team,
    sum(calls), sum(errors), sum(blocked), sum(timeouts), sum(denied), sum(flagged), sum(cost_usd),
    sum(input_tokens), sum(output_tokens), sum(duration_sum), sum(duration_n), sum(lat_0),
    sum(lat_1), sum(lat_2), sum(lat_3), sum(lat_4), sum(lat_5), sum(lat_6), sum(lat_7), sum(lat_8),
    sum(lat_9), sum(lat_10), sum(lat_11)
  FROM new_rows AS d
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (bucket, gateway_id, server, tool, team) DO UPDATE SET
    calls = r.calls + excluded.calls, errors = r.errors + excluded.errors,
    blocked = r.blocked + excluded.blocked, timeouts = r.timeouts + excluded.timeouts,
    denied = r.denied + excluded.denied, flagged = r.flagged + excluded.flagged,
    cost_usd = r.cost_usd + excluded.cost_usd, input_tokens = r.input_tokens + excluded.input_tokens,
    output_tokens = r.output_tokens + excluded.output_tokens,
    duration_sum = r.duration_sum + excluded.duration_sum,
    duration_n = r.duration_n + excluded.duration_n, lat_0 = r.lat_0 + excluded.lat_0,
    lat_1 = r.lat_1 + excluded.lat_1, lat_2 = r.lat_2 + excluded.lat_2,
    lat_3 = r.lat_3 + excluded.lat_3, lat_4 = r.lat_4 + excluded.lat_4,
    lat_5 = r.lat_5 + excluded.lat_5, lat_6 = r.lat_6 + excluded.lat_6,
    lat_7 = r.lat_7 + excluded.lat_7, lat_8 = r.lat_8 + excluded.lat_8,
    lat_9 = r.lat_9 + excluded.lat_9, lat_10 = r.lat_10 + excluded.lat_10,
    lat_11 = r.lat_11 + excluded.lat_11;
  RETURN NULL;
END
$$;

CREATE FUNCTION warden_rollup_day_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_day AS r (bucket, gateway_id, server, tool, team,
    calls, errors, blocked, timeouts, denied, flagged, cost_usd, input_tokens, output_tokens,
    duration_sum, duration_n, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9,
    lat_10, lat_11)
  SELECT date_trunc('day', bucket, 'UTC'), gateway_id, server, tool, team,
    sum(calls), sum(errors), sum(blocked), sum(timeouts), sum(denied), sum(flagged), sum(cost_usd),
    sum(input_tokens), sum(output_tokens), sum(duration_sum), sum(duration_n), sum(lat_0),
    sum(lat_1), sum(lat_2), sum(lat_3), sum(lat_4), sum(lat_5), sum(lat_6), sum(lat_7), sum(lat_8),
    sum(lat_9), sum(lat_10), sum(lat_11)
  FROM (
    SELECT bucket, gateway_id, server, tool, team,
      calls, errors, blocked, timeouts, denied, flagged, cost_usd, input_tokens, output_tokens,
      duration_sum, duration_n, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9,
      lat_10, lat_11
    FROM new_rows
    UNION ALL
    SELECT bucket, gateway_id, server, tool, team,
      -calls, -errors, -blocked, -timeouts, -denied, -flagged, -cost_usd, -input_tokens,
      -output_tokens, -duration_sum, -duration_n, -lat_0, -lat_1, -lat_2, -lat_3, -lat_4, -lat_5,
      -lat_6, -lat_7, -lat_8, -lat_9, -lat_10, -lat_11
    FROM old_rows
  ) AS d
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (bucket, gateway_id, server, tool, team) DO UPDATE SET
    calls = r.calls + excluded.calls, errors = r.errors + excluded.errors,
    blocked = r.blocked + excluded.blocked, timeouts = r.timeouts + excluded.timeouts,
    denied = r.denied + excluded.denied, flagged = r.flagged + excluded.flagged,
    cost_usd = r.cost_usd + excluded.cost_usd, input_tokens = r.input_tokens + excluded.input_tokens,
    output_tokens = r.output_tokens + excluded.output_tokens,
    duration_sum = r.duration_sum + excluded.duration_sum,
    duration_n = r.duration_n + excluded.duration_n, lat_0 = r.lat_0 + excluded.lat_0,
    lat_1 = r.lat_1 + excluded.lat_1, lat_2 = r.lat_2 + excluded.lat_2,
    lat_3 = r.lat_3 + excluded.lat_3, lat_4 = r.lat_4 + excluded.lat_4,
    lat_5 = r.lat_5 + excluded.lat_5, lat_6 = r.lat_6 + excluded.lat_6,
    lat_7 = r.lat_7 + excluded.lat_7, lat_8 = r.lat_8 + excluded.lat_8,
    lat_9 = r.lat_9 + excluded.lat_9, lat_10 = r.lat_10 + excluded.lat_10,
    lat_11 = r.lat_11 + excluded.lat_11;
  RETURN NULL;
END
$$;

CREATE FUNCTION warden_rollup_day_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_day AS r (bucket, gateway_id, server, tool, team,
    calls, errors, blocked, timeouts, denied, flagged, cost_usd, input_tokens, output_tokens,
    duration_sum, duration_n, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9,
    lat_10, lat_11)
  SELECT date_trunc('day', bucket, 'UTC'), gateway_id, server, tool, team,
    sum(calls), sum(errors), sum(blocked), sum(timeouts), sum(denied), sum(flagged), sum(cost_usd),
    sum(input_tokens), sum(output_tokens), sum(duration_sum), sum(duration_n), sum(lat_0),
    sum(lat_1), sum(lat_2), sum(lat_3), sum(lat_4), sum(lat_5), sum(lat_6), sum(lat_7), sum(lat_8),
    sum(lat_9), sum(lat_10), sum(lat_11)
  FROM (
    SELECT bucket, gateway_id, server, tool, team,
      -calls AS calls, -errors AS errors, -blocked AS blocked, -timeouts AS timeouts,
      -denied AS denied, -flagged AS flagged, -cost_usd AS cost_usd, -input_tokens AS input_tokens,
      -output_tokens AS output_tokens, -duration_sum AS duration_sum, -duration_n AS duration_n,
      -lat_0 AS lat_0, -lat_1 AS lat_1, -lat_2 AS lat_2, -lat_3 AS lat_3, -lat_4 AS lat_4,
      -lat_5 AS lat_5, -lat_6 AS lat_6, -lat_7 AS lat_7, -lat_8 AS lat_8, -lat_9 AS lat_9,
      -lat_10 AS lat_10, -lat_11 AS lat_11
    FROM old_rows
  ) AS d
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (bucket, gateway_id, server, tool, team) DO UPDATE SET
    calls = r.calls + excluded.calls, errors = r.errors + excluded.errors,
    blocked = r.blocked + excluded.blocked, timeouts = r.timeouts + excluded.timeouts,
    denied = r.denied + excluded.denied, flagged = r.flagged + excluded.flagged,
    cost_usd = r.cost_usd + excluded.cost_usd, input_tokens = r.input_tokens + excluded.input_tokens,
    output_tokens = r.output_tokens + excluded.output_tokens,
    duration_sum = r.duration_sum + excluded.duration_sum,
    duration_n = r.duration_n + excluded.duration_n, lat_0 = r.lat_0 + excluded.lat_0,
    lat_1 = r.lat_1 + excluded.lat_1, lat_2 = r.lat_2 + excluded.lat_2,
    lat_3 = r.lat_3 + excluded.lat_3, lat_4 = r.lat_4 + excluded.lat_4,
    lat_5 = r.lat_5 + excluded.lat_5, lat_6 = r.lat_6 + excluded.lat_6,
    lat_7 = r.lat_7 + excluded.lat_7, lat_8 = r.lat_8 + excluded.lat_8,
    lat_9 = r.lat_9 + excluded.lat_9, lat_10 = r.lat_10 + excluded.lat_10,
    lat_11 = r.lat_11 + excluded.lat_11;
  DELETE FROM rollup_day r USING (SELECT DISTINCT date_trunc('day', bucket, 'UTC') AS bucket, gateway_id, server, tool, team FROM old_rows) o
  WHERE r.bucket = o.bucket AND r.gateway_id = o.gateway_id AND r.server = o.server AND r.tool = o.tool AND r.team = o.team AND r.calls = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER rollup_day_on_insert AFTER INSERT ON rollup_hour
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollup_day_on_insert();
CREATE TRIGGER rollup_day_on_update AFTER UPDATE ON rollup_hour
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollup_day_on_update();
CREATE TRIGGER rollup_day_on_delete AFTER DELETE ON rollup_hour
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollup_day_on_delete();

CREATE FUNCTION warden_rollup_flag_day_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A statement refers only to the transition tables its trigger declares (names resolve when it first runs).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rollup_flag_day AS r (bucket, gateway_id, tool, flag, calls)
    SELECT date_trunc('day', bucket, 'UTC'), gateway_id, tool, flag, sum(calls) FROM new_rows
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + excluded.calls;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO rollup_flag_day AS r (bucket, gateway_id, tool, flag, calls)
    SELECT date_trunc('day', bucket, 'UTC'), gateway_id, tool, flag, sum(calls)
    FROM (SELECT bucket, gateway_id, tool, flag, calls FROM new_rows UNION ALL SELECT bucket, gateway_id, tool, flag, -calls FROM old_rows) d
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + excluded.calls;
  ELSE
    INSERT INTO rollup_flag_day AS r (bucket, gateway_id, tool, flag, calls)
    SELECT date_trunc('day', bucket, 'UTC'), gateway_id, tool, flag, -sum(calls) FROM old_rows
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + excluded.calls;
    DELETE FROM rollup_flag_day WHERE calls = 0 AND (bucket, gateway_id, tool, flag) IN (
      SELECT DISTINCT date_trunc('day', bucket, 'UTC'), gateway_id, tool, flag FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER rollup_flag_day_on_insert AFTER INSERT ON rollup_flag_minute
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollup_flag_day_apply();
CREATE TRIGGER rollup_flag_day_on_update AFTER UPDATE ON rollup_flag_minute
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollup_flag_day_apply();
CREATE TRIGGER rollup_flag_day_on_delete AFTER DELETE ON rollup_flag_minute
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollup_flag_day_apply();

-- Backfill what the source rollups already hold.
INSERT INTO rollup_day (bucket, gateway_id, server, tool, team,
    calls, errors, blocked, timeouts, denied, flagged, cost_usd, input_tokens, output_tokens,
    duration_sum, duration_n, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9,
    lat_10, lat_11)
SELECT date_trunc('day', bucket, 'UTC'), gateway_id, server, tool, team,
    sum(calls), sum(errors), sum(blocked), sum(timeouts), sum(denied), sum(flagged), sum(cost_usd),
    sum(input_tokens), sum(output_tokens), sum(duration_sum), sum(duration_n), sum(lat_0),
    sum(lat_1), sum(lat_2), sum(lat_3), sum(lat_4), sum(lat_5), sum(lat_6), sum(lat_7), sum(lat_8),
    sum(lat_9), sum(lat_10), sum(lat_11)
FROM rollup_hour GROUP BY 1, 2, 3, 4, 5;
INSERT INTO rollup_flag_day (bucket, gateway_id, tool, flag, calls)
SELECT date_trunc('day', bucket, 'UTC'), gateway_id, tool, flag, sum(calls) FROM rollup_flag_minute GROUP BY 1, 2, 3, 4;

COMMIT;
