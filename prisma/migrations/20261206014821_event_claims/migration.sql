-- CreateTable
CREATE TABLE "event_claims" (
    "id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_claims_pkey" PRIMARY KEY ("id")
);

-- Hand-written (Prisma cannot express it): the claims of the events already stored, so the id stays the
-- idempotency key for them too. An id stored twice before this migration (two timestamps) keeps its
-- earliest timestamp.
INSERT INTO "event_claims" ("id", "ts")
SELECT DISTINCT ON ("id") "id", "ts" FROM "events" ORDER BY "id", "ts";

-- Retention drops a day's partition together with the claims of its events (and nothing else): an id
-- is the key of its event for as long as the event is kept.
CREATE OR REPLACE FUNCTION warden_drop_event_partitions_before(cutoff date) RETURNS SETOF text
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
    EXECUTE format('DELETE FROM "event_claims" k USING %I e WHERE k.id = e.id AND k.ts = e.ts', part);
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT part;
  END LOOP;
  RETURN;
END
$$;
