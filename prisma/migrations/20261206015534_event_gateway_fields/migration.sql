-- AlterTable
ALTER TABLE "events" ADD COLUMN     "decisions" JSONB,
ADD COLUMN     "identity_source" TEXT;

-- CreateTable
CREATE TABLE "event_approval_claims" (
    "approval_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_approval_claims_pkey" PRIMARY KEY ("approval_id")
);

-- Hand-written (Prisma cannot express it): the approval ids of the events already stored, each claimed
-- by its earliest event, so a gateway presenting one of them again is flagged approval_reused.
INSERT INTO "event_approval_claims" ("approval_id", "event_id", "ts")
SELECT DISTINCT ON ("approval_id") "approval_id", "id", "ts" FROM "events" WHERE "approval_id" IS NOT NULL
ORDER BY "approval_id", "ts", "id";

-- Retention drops a day's partition together with the id and approval claims of its events.
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
    EXECUTE format(
      'DELETE FROM "event_approval_claims" k USING %I e WHERE k.approval_id = e.approval_id AND k.event_id = e.id',
      part
    );
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT part;
  END LOOP;
  RETURN;
END
$$;

-- The alert rule on approval_reused (lib/anomaly/default-rules.ts) for databases whose detector already
-- created its default rules (a new database gets it on the detector's first run).
INSERT INTO "alert_rules" ("id", "name", "kind", "config", "severity", "enabled", "muted", "created_at", "updated_at")
SELECT gen_random_uuid(), 'Approval reused', 'risk_flag', '{"flag":"approval_reused","toolPattern":"*","quietMinutes":15}'::jsonb,
  'critical'::"AlertSeverity", true, false, now(), now()
WHERE EXISTS (SELECT 1 FROM "anomaly_state" WHERE "key" = 'detector' AND "value" ? 'bootstrappedAt')
  AND NOT EXISTS (SELECT 1 FROM "alert_rules" WHERE "kind" = 'risk_flag' AND "config"->>'flag' = 'approval_reused');
