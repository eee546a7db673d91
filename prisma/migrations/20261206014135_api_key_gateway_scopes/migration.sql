-- Gateway API scopes heartbeat:write and tools:write (issue 16). A key that held every scope there was
-- (events:write, approvals:write, spend:write, policy:read) was meant as "the whole gateway API": it gets
-- the new scopes too. A key limited to fewer scopes keeps exactly what it had.
UPDATE "api_keys"
SET "scopes" = "scopes" || ARRAY(
  SELECT s FROM unnest(ARRAY['heartbeat:write', 'tools:write']::text[]) AS s WHERE NOT (s = ANY("scopes"))
)
WHERE "scopes" @> ARRAY['events:write', 'approvals:write', 'spend:write', 'policy:read']::text[];
