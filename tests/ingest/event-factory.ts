import { randomUUID } from "node:crypto";
import type { IngestEvent } from "../../lib/ingest/schema";

/** A valid event (fresh id, timestamp now) with overrides. */
export function makeEvent(over: Partial<IngestEvent> = {}): IngestEvent {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    userId: "alice@example.com",
    team: "payments",
    server: "github",
    tool: "create_issue",
    status: "ok",
    durationMs: 120,
    costUsd: 0.0125,
    inputTokens: 300,
    outputTokens: 120,
    riskFlags: [],
    params: { repo: "acme/api", title: "Bug" },
    ...over,
  };
}

export const makeEvents = (n: number, over: Partial<IngestEvent> = {}) => Array.from({ length: n }, () => makeEvent(over));
