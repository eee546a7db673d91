-- Hand-written: the agent-session view (lib/events/find-session-events.ts) reads the events of one MCP
-- session or one trace around a time: `(session_id = $1 OR trace_id = $2) AND ts … ORDER BY ts`, a BitmapOr
-- of these two indexes in each day partition the range touches. Partial (IS NOT NULL): events without a
-- session or trace cost ingest nothing here. Created on the partitioned parent, so every partition, and
-- each one made later, gets them. Partial indexes are not compared by the drift check (lib/db/schema-drift.ts).
CREATE INDEX "events_session_id_ts_idx" ON "events" ("session_id", "ts") WHERE "session_id" IS NOT NULL;
CREATE INDEX "events_trace_id_ts_idx" ON "events" ("trace_id", "ts") WHERE "trace_id" IS NOT NULL;
