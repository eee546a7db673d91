-- Hand-written (Prisma cannot express partitioning): `events` becomes a table partitioned by UTC day
-- on `ts`, with the same columns, primary key and indexes as `model Event` (the drift check describes a
-- partitioned table as an ordinary one and skips its partitions). The table is empty at this point.
--
-- One partition per UTC day, named events_pYYYYMMDD. No DEFAULT partition, on purpose: rows landing in a
-- default partition would block creating the matching day's partition later (Postgres refuses while the
-- default holds rows of that range) and could never be dropped by day for retention. Instead partitions
-- are created ahead of time (here, and hourly by the `ingest.event-partitions` job) and ingest creates
-- the ones a batch needs on demand, so an insert never fails for want of a partition.

DROP TABLE "events";

CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gateway_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "team" TEXT,
    "agent" TEXT,
    "session_id" TEXT,
    "trace_id" TEXT,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error_type" TEXT,
    "duration_ms" INTEGER,
    "cost_usd" DECIMAL(18,6),
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "risk_flags" TEXT[],
    "params" JSONB,
    "result_summary" TEXT,
    "approval_id" UUID,
    "reservation_id" UUID,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id","ts")
) PARTITION BY RANGE ("ts");

CREATE INDEX "events_gateway_id_ts_idx" ON "events"("gateway_id", "ts");
CREATE INDEX "events_user_id_ts_idx" ON "events"("user_id", "ts");
CREATE INDEX "events_tool_ts_idx" ON "events"("tool", "ts");

-- Creates the daily partitions for from_day … to_day (inclusive) that do not exist yet; returns how many
-- it created. Serialised by a transaction-scoped advisory lock, so concurrent callers (two instances,
-- ingest and the job) never race on the same name.
CREATE FUNCTION warden_ensure_event_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  part text;
  created integer := 0;
BEGIN
  IF to_day < from_day THEN
    RETURN 0;
  END IF;
  IF to_day - from_day > 3660 THEN
    RAISE EXCEPTION 'refusing to create % partitions at once', to_day - from_day + 1;
  END IF;
  -- Fast path without the lock: nothing to do.
  IF NOT EXISTS (
    SELECT 1 FROM generate_series(from_day, to_day, interval '1 day') AS s(day)
    WHERE to_regclass(format('%I', 'events_p' || to_char(s.day, 'YYYYMMDD'))) IS NULL
  ) THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(7731528914463502401);
  d := from_day;
  WHILE d <= to_day LOOP
    part := 'events_p' || to_char(d, 'YYYYMMDD');
    IF to_regclass(format('%I', part)) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF "events" FOR VALUES FROM (%L) TO (%L)',
        part,
        (d::timestamp AT TIME ZONE 'UTC'),
        ((d + 1)::timestamp AT TIME ZONE 'UTC')
      );
      created := created + 1;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END
$$;

-- Drops the daily partitions of days before `cutoff` (retention); returns the dropped tables' names.
CREATE FUNCTION warden_drop_event_partitions_before(cutoff date) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  part text;
BEGIN
  PERFORM pg_advisory_xact_lock(7731528914463502401);
  FOR part IN
    SELECT c.relname
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = '"events"'::regclass
      AND c.relname ~ '^events_p[0-9]{8}$'
      AND to_date(substring(c.relname from 9 for 8), 'YYYYMMDD') < cutoff
    ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT part;
  END LOOP;
  RETURN;
END
$$;

-- Yesterday to a week ahead; the job keeps this window moving and ingest fills in older days on demand.
SELECT warden_ensure_event_partitions((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 7);
