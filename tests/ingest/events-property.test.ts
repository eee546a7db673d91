import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { makeEvent } from "./event-factory";

// Random and malformed bodies: the endpoint answers with a client error or stores the whole batch —
// never a 500, never part of a batch.
const FIELDS = ["id", "timestamp", "userId", "server", "tool", "status", "durationMs", "costUsd", "riskFlags", "params", "team", "extra"];

const mutatedEvent = fc.record({
  valid: fc.boolean(),
  field: fc.constantFrom(...FIELDS),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 300 }), fc.constant(undefined)),
});

const body = fc.oneof(
  { weight: 4, arbitrary: fc.array(mutatedEvent, { minLength: 1, maxLength: 20 }).map((list) => ({ kind: "events" as const, list })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ kind: "raw" as const, text })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: "json" as const, value })) },
);

describe("POST /api/v1/events with random bodies", () => {
  it("POST /api/v1/events never answers 500 and never stores part of a batch", async () => {
    const gw = await createTestGateway();
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom("application/json", "application/x-ndjson", "text/plain"), async (b, type) => {
        let payload: string;
        let ids: string[] = [];
        if (b.kind === "events") {
          const events = b.list.map((m) => {
            const e: Record<string, unknown> = { ...makeEvent() };
            if (!m.valid) e[m.field] = m.value;
            return e;
          });
          ids = events.map((e) => e.id).filter((id): id is string => typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id));
          payload = type === "application/x-ndjson" ? events.map((e) => JSON.stringify(e)).join("\n") : JSON.stringify({ events });
        } else {
          payload = b.kind === "raw" ? b.text : JSON.stringify(b.value);
        }
        const res = await gatewayApi("/events", gw.apiKey, { rawBody: payload, headers: { "content-type": type } });
        expect([200, 400, 413, 415]).toContain(res.status);
        expect(res.json?.error?.code ?? "ok").not.toBe("internal");
        if (ids.length) {
          const stored = await db().event.count({ where: { id: { in: ids } } });
          if (res.status === 200) expect(stored).toBe(new Set(ids).size);
          else expect(stored).toBe(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
