-- Two sessions creating the same day's partition at once (two ingest writers, two instances): the one
-- that waited on the advisory lock could still see the partition as missing (its catalog cache is not
-- refreshed by an advisory lock) and fail with "relation already exists". A partition that exists by
-- the time CREATE runs is now simply counted as there.
CREATE OR REPLACE FUNCTION warden_ensure_event_partitions(from_day date, to_day date) RETURNS integer
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
      BEGIN
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF "events" FOR VALUES FROM (%L) TO (%L)',
          part,
          (d::timestamp AT TIME ZONE 'UTC'),
          ((d + 1)::timestamp AT TIME ZONE 'UTC')
        );
        created := created + 1;
      EXCEPTION WHEN duplicate_table THEN
        NULL; -- created meanwhile by another session
      END;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END
$$;
