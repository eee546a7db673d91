import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../lib/db";
import { backfillAnomalies, type BackfillResult } from "../../lib/anomaly/backfill-anomalies";
import { withReplayLock } from "../../lib/anomaly/with-replay-lock";
import { DEMO_INCIDENTS, DEMO_REPLAY, DEMO_USERS } from "../../lib/demo/demo-catalog";
import { incidentStart, seedDemo } from "../../lib/demo/seed-demo";
import type { Alert } from "../../lib/generated/prisma/client";
import { createScratchDatabase } from "../support/scratch-db";

// First start of the living demo, as start-demo.ts does it: the real seed (30 days, through the ingest
// write path) on an empty database of its own, then the real detector replay over the seeded history.
// The seed is deterministic for a given "now", and what the detectors see depends on the hour of the
// week the incidents land on, so "now" is a fixed weekday afternoon (the latest Thursday 16:30 UTC).

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const THURSDAY = Date.UTC(2026, 0, 1, 16, 30); // 2026-01-01 was a Thursday
const now = THURSDAY + Math.floor((Date.now() - THURSDAY) / WEEK) * WEEK;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let replay: BackfillResult;
let pausedLiveRun: { ran: boolean; called: boolean };
let alerts: Alert[];
let gateways: Map<string, string>;

/** The alerts of `kind` on one subject that opened while the incident ran (or within 15 min of its end). */
function alertsDuring(incident: { hoursAgo: number; minutes: number }, kind: string, subjectType: string, subjectValue: string): Alert[] {
  const from = incidentStart(incident.hoursAgo, now);
  const to = from + (incident.minutes + 15) * 60_000;
  return alerts.filter((a) => a.kind === kind && a.subjectType === subjectType && a.subjectValue === subjectValue && a.firstSeenAt.getTime() >= from && a.firstSeenAt.getTime() <= to);
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  process.env.DATABASE_URL = scratch.url;
  const seed = await seedDemo({ now });
  expect(seed.seeded).toBe(true);

  const running = backfillAnomalies({ from: new Date(now - DEMO_REPLAY.hours * HOUR), to: new Date(now), stepMinutes: DEMO_REPLAY.stepMinutes });
  let finished = false;
  void running.then(() => (finished = true), () => (finished = true));
  // A live detector run (the per-minute job) during the replay is skipped, not interleaved.
  do {
    let called = false;
    const live = await withReplayLock({ mode: "live", run: async () => (called = true) });
    pausedLiveRun = { ran: live.ran, called };
    if (live.ran) await new Promise((r) => setTimeout(r, 20));
  } while (!finished && pausedLiveRun.ran);
  replay = await running;
  alerts = await db().alert.findMany({ orderBy: { firstSeenAt: "asc" } });
  gateways = new Map((await db().gateway.findMany()).map((g) => [g.name, g.id]));
}, 240_000);

afterAll(async () => {
  await closeDb();
  await scratch?.drop();
});

describe("the demo's seeded incidents are explained alerts on first start", () => {
  it("the replay covers every incident at the demo's step, pausing the live detector runs meanwhile", async () => {
    expect(DEMO_REPLAY.hours).toBeGreaterThan(DEMO_INCIDENTS.costSpike.hoursAgo + 1);
    expect(replay.runs).toBe(Math.floor((DEMO_REPLAY.hours * 60) / DEMO_REPLAY.stepMinutes) + 1);
    expect(replay.aborted).toBe(false);
    expect(pausedLiveRun).toEqual({ ran: false, called: false });
    expect((await withReplayLock({ mode: "live", run: async () => "ran" })).ran).toBe(true);
    // History pages nobody: everything the replay raised counts as routed.
    expect(alerts.length).toBeGreaterThan(0);
    expect(replay.opened).toBe(alerts.length);
    expect(alerts.filter((a) => a.notifiedAt === null)).toEqual([]);
  });

  it("the error spike on postgres.query is an error-rate alert on tool query", () => {
    const [a] = alertsDuring(DEMO_INCIDENTS.errorSpike, "anomaly.error_rate", "tool", DEMO_INCIDENTS.errorSpike.tool);
    expect(a).toMatchObject({ title: "Error rate spike · tool query", status: "resolved", severity: "critical" });
    expect(a.explanation).toMatch(/^error rate \d+ % over \d+ min \(\d+ of \d+ calls\) vs usual [\d.]+ % ± [\d.]+ % for this hour$/);
  });

  it("the cost spike on snowflake.run_query is a spend alert on tool run_query", () => {
    const [a] = alertsDuring(DEMO_INCIDENTS.costSpike, "anomaly.cost", "tool", DEMO_INCIDENTS.costSpike.tool);
    expect(a).toMatchObject({ title: "Spend spike · tool run_query", status: "resolved" });
    expect(a.explanation).toMatch(/^\$[\d.]+ spent over \d+ min vs usual \$[\d.]+ ± \$[\d.]+ for this hour$/);
    expect(a.value!).toBeGreaterThan(10 * a.baseline!);
  });

  it("the prompt-injection burst on web.fetch_url is a risk-flag alert on tool fetch_url", () => {
    const [a] = alertsDuring(DEMO_INCIDENTS.promptInjection, "risk_flag", "tool", DEMO_INCIDENTS.promptInjection.tool);
    expect(a).toMatchObject({ title: "Risk flag prompt_injection · tool fetch_url", status: "resolved", severity: "critical" });
    expect(a.explanation).toMatch(/^\d+ calls? to fetch_url flagged prompt_injection in the last \d+ min \(gateway edge-prod\)$/);
  });

  it("jin's traffic burst is a call-volume alert on jin's team and gateway", () => {
    // Not on user jin@acme.example: a replay cannot judge users (their minute activity is tracked by the
    // live runs from daily totals, and their baselines are their own daily peaks, which only live runs record).
    const team = DEMO_USERS.find((u) => u.userId === DEMO_INCIDENTS.userBurst.userId)!.team;
    const [t] = alertsDuring(DEMO_INCIDENTS.userBurst, "anomaly.calls", "team", team);
    expect(t).toMatchObject({ title: `Unusual call volume · team ${team}`, status: "resolved" });
    expect(t.explanation).toMatch(/^\d+ calls over \d+ min vs usual [\d.]+ ± [\d.]+ for this hour$/);
    const [g] = alertsDuring(DEMO_INCIDENTS.userBurst, "anomaly.calls", "gateway", gateways.get("desktop-agents")!);
    expect(g).toMatchObject({ title: "Unusual call volume · gateway desktop-agents", status: "resolved" });
  });
});
