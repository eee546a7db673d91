import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { gatewayApi } from "../support/gateways";

// Seeding for the metrics and explorer tests: events go through the real ingest endpoint (POST
// /api/v1/events), so the rollups the charts read are the ones ingest maintains.

export interface SeedEvent {
  id?: string;
  timestamp: string;
  userId?: string;
  team?: string | null;
  server?: string;
  tool?: string;
  status?: "ok" | "error" | "blocked" | "timeout" | "denied";
  errorType?: string;
  durationMs?: number | null;
  costUsd?: number | null;
  riskFlags?: string[];
  params?: Record<string, unknown>;
  resultSummary?: string;
  agent?: string;
  sessionId?: string;
  traceId?: string;
  inputTokens?: number;
  outputTokens?: number;
  identitySource?: "jwt" | "static-token" | "config";
  decisions?: { stage: string; outcome: string; reason?: string }[];
}

export function event(e: SeedEvent) {
  return { id: randomUUID(), userId: "user@test", server: "srv", tool: "tool", status: "ok", ...e };
}

/** Posts events in batches of 1,000 and checks every one was accepted. */
export async function postEvents(apiKey: string, events: ReturnType<typeof event>[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const batch = events.slice(i, i + 1000);
    const res = await gatewayApi("/events", apiKey, { body: { events: batch } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.accepted).toBe(batch.length);
  }
}

/** The start of the UTC hour `hoursAgo` hours before now. */
export function hourStart(hoursAgo: number): Date {
  return new Date(Math.floor(Date.now() / 3600_000) * 3600_000 - hoursAgo * 3600_000);
}

/** `n` timestamps spread evenly over [from, from + ms). */
export function spread(from: Date, ms: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(from.getTime() + Math.floor((i * ms) / n)).toISOString());
}
