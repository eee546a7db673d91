-- Gateway API scope otlp:write (issue 18: the OTLP/HTTP trace receiver, POST /api/v1/otlp/v1/traces). As in
-- the last scope migration: a key that held every scope there was (events:write, approvals:write, spend:write,
-- policy:read, heartbeat:write, tools:write) was meant as "the whole gateway API" and gets the new scope too.
-- A key limited to fewer scopes keeps exactly what it had.
UPDATE "api_keys"
SET "scopes" = array_append("scopes", 'otlp:write')
WHERE "scopes" @> ARRAY['events:write', 'approvals:write', 'spend:write', 'policy:read', 'heartbeat:write', 'tools:write']::text[]
  AND NOT ('otlp:write' = ANY ("scopes"));
