import { beforeAll, describe, expect, it } from "vitest";
import { api, type Session } from "../support/http";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { event, hourStart, postEvents, spread } from "./seed-events";

// Known answers: one dedicated gateway, every request filtered by it, so parallel test files do not interfere.
// The main hour H holds exactly 1,000 calls: 37 errors, 5 timeouts, 8 blocked, 3 denied, the rest ok;
// 900 calls of 150 ms and 100 of 3,000 ms; team "red" spends 600 × $0.01, team "blue" 400 × $0.025;
// 12 calls flagged prompt_injection and 4 flagged pii_redacted + secret_redacted. The hour before H has
// 500 ok calls of team red at $0.002 each (the previous period of a one-hour custom range).

let session: Session;
let gatewayId: string;
const H = hourStart(30);
const iso = (d: Date) => d.toISOString();
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
const HOUR = 3600_000;
const team = { red: uniq("red"), blue: uniq("blue") };
const tools = { alpha: uniq("alpha"), beta: uniq("beta"), gamma: uniq("gamma") };
const users = { ann: uniq("ann"), bob: uniq("bob") };

function hourOnly(extra: Record<string, string> = {}) {
  return new URLSearchParams({ range: "custom", from: iso(H), to: iso(plus(H, HOUR)), gateway: gatewayId, ...extra }).toString();
}

beforeAll(async () => {
  session = await createSignedInUser({ roles: ["security"] });
  const gw = await createTestGateway();
  gatewayId = gw.gatewayId;
  const ts = spread(H, HOUR, 1000);
  const statuses = [...Array(37).fill("error"), ...Array(5).fill("timeout"), ...Array(8).fill("blocked"), ...Array(3).fill("denied")];
  const main = ts.map((t, i) => {
    const red = i % 5 < 3; // 600 red, 400 blue
    const status = statuses[i] ?? "ok";
    return event({
      timestamp: t,
      status,
      errorType: status === "error" ? "upstream_500" : undefined,
      team: red ? team.red : team.blue,
      userId: red ? users.ann : users.bob,
      server: "srv-a",
      tool: status === "error" ? (i < 30 ? tools.alpha : tools.beta) : tools.gamma,
      durationMs: i % 10 === 9 ? 3000 : 150,
      costUsd: red ? 0.01 : 0.025,
      riskFlags: i >= 100 && i < 112 ? ["prompt_injection"] : i >= 200 && i < 204 ? ["pii_redacted", "secret_redacted"] : [],
    });
  });
  const before = spread(plus(H, -HOUR), HOUR, 500).map((t) => event({ timestamp: t, team: team.red, userId: users.ann, server: "srv-a", tool: tools.gamma, durationMs: 20, costUsd: 0.002 }));
  await postEvents(gw.apiKey, [...main, ...before]);
});

describe("GET /api/metrics/error-rate", () => {
  it("gives 3.7 % for exactly 37 errors of 1,000 calls", async () => {
    const res = await api(`/api/metrics/error-rate?${hourOnly()}`, { session });
    expect(res.status).toBe(200);
    expect(res.json.overall).toBeCloseTo(0.037, 12);
    expect(res.json.window).toMatchObject({ source: "minute", stepSeconds: 60, ignoredFilters: [] });
    expect(res.json.points).toHaveLength(60);
    const calls = res.json.points.reduce((a: number, p: { calls: number }) => a + p.calls, 0);
    const errors = res.json.points.reduce((a: number, p: { errors: number }) => a + p.errors, 0);
    expect([calls, errors]).toEqual([1000, 37]);
  });

  it("reads hour buckets beyond 6 h and leaves a gap (null) where there were no calls", async () => {
    const q = new URLSearchParams({ range: "custom", from: iso(plus(H, -4 * HOUR)), to: iso(plus(H, 4 * HOUR)), gateway: gatewayId });
    const res = await api(`/api/metrics/error-rate?${q}`, { session });
    expect(res.json.window).toMatchObject({ source: "hour", stepSeconds: 3600 });
    const byT = Object.fromEntries(res.json.points.map((p: { t: string; rate: number | null }) => [p.t, p.rate]));
    expect(byT[iso(H)]).toBeCloseTo(0.037, 12);
    expect(byT[iso(plus(H, -HOUR))]).toBe(0);
    expect(byT[iso(plus(H, 2 * HOUR))]).toBeNull();
    expect(res.json.points).toHaveLength(8);
  });
});

describe("GET /api/metrics/calls", () => {
  it("stacks the hour's calls by status, zero-filling empty buckets", async () => {
    const q = new URLSearchParams({ range: "custom", from: iso(plus(H, -2 * HOUR)), to: iso(plus(H, 6 * HOUR)), gateway: gatewayId });
    const res = await api(`/api/metrics/calls?${q}`, { session });
    expect(res.status).toBe(200);
    expect(res.json.statuses).toEqual(["ok", "error", "timeout", "blocked", "denied"]);
    const byT = Object.fromEntries(res.json.points.map((p: { t: string }) => [p.t, p]));
    expect(byT[iso(H)]).toEqual({ t: iso(H), ok: 947, error: 37, timeout: 5, blocked: 8, denied: 3 });
    expect(byT[iso(plus(H, -HOUR))]).toEqual({ t: iso(plus(H, -HOUR)), ok: 500, error: 0, timeout: 0, blocked: 0, denied: 0 });
    expect(byT[iso(plus(H, -2 * HOUR))]).toEqual({ t: iso(plus(H, -2 * HOUR)), ok: 0, error: 0, timeout: 0, blocked: 0, denied: 0 });
  });

  it("reads UTC-day buckets from the day rollup beyond 7 days", async () => {
    const q = new URLSearchParams({ range: "custom", from: iso(plus(H, -10 * 24 * HOUR)), to: iso(plus(H, 24 * HOUR)), gateway: gatewayId });
    const res = await api(`/api/metrics/calls?${q}`, { session });
    expect(res.json.window).toMatchObject({ source: "day", stepSeconds: 86400 });
    const day = new Date(Math.floor(H.getTime() / (24 * HOUR)) * 24 * HOUR);
    const p = res.json.points.find((x: { t: string }) => x.t === iso(day));
    const sameDay = iso(H).slice(0, 10) === iso(plus(H, -HOUR)).slice(0, 10);
    expect(p).toEqual({ t: iso(day), ok: 947 + (sameDay ? 500 : 0), error: 37, timeout: 5, blocked: 8, denied: 3 });
    const flags = await api(`/api/metrics/risk-flags?${q}`, { session });
    expect(flags.json.window.source).toBe("flag_day");
    expect(flags.json.total).toBe(20);
  });

  it("switches to daily buckets of the per-user rollup with a user filter", async () => {
    const res = await api(`/api/metrics/calls?${hourOnly({ user: users.bob })}`, { session });
    expect(res.json.window).toMatchObject({ source: "user_day", stepSeconds: 86400 });
    expect(res.json.statuses).toEqual(["ok", "error", "blocked"]);
    const total = res.json.points.reduce((a: { calls: number; error: number }, p: { ok: number; error: number; blocked: number }) => ({ calls: a.calls + p.ok + p.error + p.blocked, error: a.error + p.error }), { calls: 0, error: 0 });
    // bob made the 400 blue calls of H (same UTC day as the hour before it, which was all ann's).
    expect(total.calls).toBe(400);
  });
});

describe("GET /api/metrics/latency", () => {
  it("interpolates p50 and p95 from the histogram", async () => {
    const q = new URLSearchParams({ range: "custom", from: iso(plus(H, -HOUR)), to: iso(plus(H, 7 * HOUR)), gateway: gatewayId });
    const res = await api(`/api/metrics/latency?${q}`, { session });
    const p = res.json.points.find((x: { t: string }) => x.t === iso(H));
    // 900 × 150 ms in (100, 250], 100 × 3000 ms in (2500, 5000]
    expect(p.n).toBe(1000);
    expect(p.p50).toBeCloseTo(100 + (500 / 900) * 150, 9);
    expect(p.p95).toBeCloseTo(2500 + (50 / 100) * 2500, 9);
    const before = res.json.points.find((x: { t: string }) => x.t === iso(plus(H, -HOUR)));
    expect(before.p50).toBeCloseTo(10 + 0.5 * 15, 9);
  });

  it("says it is not narrowed by a user filter", async () => {
    const res = await api(`/api/metrics/latency?${hourOnly({ user: users.ann })}`, { session });
    expect(res.json.window.ignoredFilters).toEqual(["user"]);
  });
});

describe("GET /api/metrics/cost", () => {
  it("stacks spend by team, largest first", async () => {
    const res = await api(`/api/metrics/cost?${hourOnly({ by: "team" })}`, { session });
    expect(res.json.totalUsd).toBeCloseTo(16, 9);
    expect(res.json.series.map((s: { label: string }) => s.label)).toEqual([team.blue, team.red]);
    const sum = (key: string) => res.json.points.reduce((a: number, p: Record<string, number>) => a + p[key], 0);
    expect(sum("s0")).toBeCloseTo(10, 9);
    expect(sum("s1")).toBeCloseTo(6, 9);
  });

  it("stacks spend by tool when asked", async () => {
    const res = await api(`/api/metrics/cost?${hourOnly({ by: "tool" })}`, { session });
    expect(res.json.by).toBe("tool");
    expect(res.json.series.map((s: { label: string }) => s.label)).toEqual([tools.gamma, tools.alpha, tools.beta]);
  });
});

describe("GET /api/metrics/top-tools", () => {
  it("ranks tools by errors with their error rate", async () => {
    const res = await api(`/api/metrics/top-tools?${hourOnly()}`, { session });
    expect(res.json.rows).toEqual([
      { server: "srv-a", tool: tools.alpha, errors: 30, calls: 30, errorRate: 1 },
      { server: "srv-a", tool: tools.beta, errors: 7, calls: 7, errorRate: 1 },
    ]);
  });
});

describe("GET /api/metrics/top-spenders", () => {
  it("ranks teams by spend in the window", async () => {
    const res = await api(`/api/metrics/top-spenders?${hourOnly({ by: "team" })}`, { session });
    expect(res.json.wholeDays).toBe(false);
    expect(res.json.rows).toEqual([
      { key: team.blue, team: null, costUsd: 10, calls: 400 },
      { key: team.red, team: null, costUsd: 6, calls: 600 },
    ]);
  });

  it("ranks users by spend in the window itself when it is an hour or less (a zoom shows its own figures)", async () => {
    const res = await api(`/api/metrics/top-spenders?${hourOnly({ by: "user" })}`, { session });
    expect(res.json.wholeDays).toBe(false);
    expect(res.json.rows).toEqual([
      { key: users.bob, team: team.blue, costUsd: 10, calls: 400 },
      { key: users.ann, team: team.red, costUsd: 6, calls: 600 },
    ]);
  });

  it("ranks users by spend from the daily rollup (whole UTC days) in longer windows", async () => {
    const q = new URLSearchParams({ range: "custom", from: iso(plus(H, -HOUR)), to: iso(plus(H, HOUR)), gateway: gatewayId, by: "user" });
    const res = await api(`/api/metrics/top-spenders?${q}`, { session });
    expect(res.json.wholeDays).toBe(true);
    expect(res.json.rows).toEqual([
      { key: users.bob, team: team.blue, costUsd: 10, calls: 400 },
      { key: users.ann, team: team.red, costUsd: 7, calls: 1100 },
    ]);
  });
});

describe("GET /api/metrics/risk-flags", () => {
  it("counts calls per flag over time", async () => {
    const res = await api(`/api/metrics/risk-flags?${hourOnly()}`, { session });
    expect(res.json.total).toBe(12 + 4 + 4);
    expect(res.json.window.source).toBe("flag_minute");
    const totals = Object.fromEntries(
      res.json.series.map((s: { key: string; label: string }) => [s.label, res.json.points.reduce((a: number, p: Record<string, number>) => a + p[s.key], 0)]),
    );
    expect(totals).toEqual({ prompt_injection: 12, pii_redacted: 4, secret_redacted: 4 });
  });

  it("says a team filter does not narrow it", async () => {
    const res = await api(`/api/metrics/risk-flags?${hourOnly({ team: team.red })}`, { session });
    expect(res.json.window.ignoredFilters).toEqual(["team"]);
  });
});

describe("GET /api/metrics/kpis", () => {
  it("compares the window with the same length just before it", async () => {
    const res = await api(`/api/metrics/kpis?${hourOnly()}`, { session });
    expect(res.status).toBe(200);
    const k = res.json;
    expect(k.previous).toEqual({ from: iso(plus(H, -HOUR)), to: iso(H) });
    expect(k.calls).toMatchObject({ value: 1000, previous: 500, delta: 500, change: 1 });
    expect(k.errorRate.value).toBeCloseTo(0.037, 12);
    expect(k.errorRate.previous).toBe(0);
    expect(k.spendUsd.value).toBeCloseTo(16, 9);
    expect(k.spendUsd.previous).toBeCloseTo(1, 9);
    expect(k.blocked).toMatchObject({ value: 8, previous: 0 });
    expect(k.flagged).toMatchObject({ value: 16, previous: 0 });
    expect(k.p95Ms.value).toBeCloseTo(3750, 9);
    expect(typeof k.pendingApprovals.value).toBe("number");
    expect(typeof k.openAlerts.value).toBe("number");
  });

  it("narrows by team", async () => {
    const res = await api(`/api/metrics/kpis?${hourOnly({ team: team.blue })}`, { session });
    expect(res.json.calls.value).toBe(400);
    expect(res.json.spendUsd.value).toBeCloseTo(10, 9);
  });
});

describe("GET /api/metrics/{calls,error-rate,latency,cost,risk-flags}?compare", () => {
  it("compare=previous adds the hour before from the same rollup and step; compare=week the same hour 7 days earlier with an hour's margin", async () => {
    const sum = (points: Record<string, number>[], k: string) => points.reduce((a, p) => a + p[k], 0);
    const calls = await api(`/api/metrics/calls?${hourOnly({ compare: "previous" })}`, { session });
    expect(calls.status).toBe(200);
    expect(calls.json.window).toMatchObject({ from: iso(H), stepSeconds: 60 });
    expect(calls.json.previous).toMatchObject({ mode: "previous", from: iso(plus(H, -HOUR)), to: iso(H) });
    expect(calls.json.previous.points).toHaveLength(60);
    expect(calls.json.previous.points[0].t).toBe(iso(plus(H, -HOUR)));
    expect(sum(calls.json.previous.points, "ok")).toBe(500);
    const [rate, latency, cost, flags] = await Promise.all(
      ["error-rate", "latency", "cost", "risk-flags"].map((e) => api(`/api/metrics/${e}?${hourOnly({ compare: "previous" })}`, { session })),
    );
    expect(sum(rate.json.previous.points, "calls")).toBe(500);
    expect(sum(rate.json.previous.points, "errors")).toBe(0);
    expect(sum(latency.json.previous.points, "n")).toBe(500);
    expect(sum(cost.json.previous.points, "total")).toBeCloseTo(1, 9);
    expect(sum(flags.json.previous.points, "total")).toBe(0);
    // Without compare, no comparison is read.
    expect((await api(`/api/metrics/calls?${hourOnly()}`, { session })).json.previous).toBeUndefined();

    const week = await api(`/api/metrics/error-rate?${hourOnly({ compare: "week" })}`, { session });
    expect(week.json.previous).toMatchObject({ mode: "week", from: iso(plus(H, -7 * 24 * HOUR)), to: iso(plus(H, -7 * 24 * HOUR + HOUR)) });
    expect(week.json.previous.points).toHaveLength(180);
    expect(week.json.previous.points[0].t).toBe(iso(plus(H, -7 * 24 * HOUR - HOUR)));
  });

  it("refuses an unknown comparison, and the same time last week of a window it would overlap (30 days), with 400 naming compare", async () => {
    for (const e of ["calls", "error-rate", "latency", "cost", "risk-flags"]) {
      const res = await api(`/api/metrics/${e}?${hourOnly({ compare: "lastyear" })}`, { session });
      expect(res.status, e).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.issues[0].path).toBe("compare");
      const overlapping = await api(`/api/metrics/${e}?range=30d&compare=week`, { session });
      expect(overlapping.status, e).toBe(400);
      expect(overlapping.json.error.issues[0]).toMatchObject({ path: "compare", message: expect.stringMatching(/up to 7 days/) });
    }
    expect((await api(`/api/metrics/calls?range=30d&compare=previous`, { session })).status).toBe(200);
  });
});

describe("metrics API contract", () => {
  it("refuses bad ranges and filters with 400 naming the field", async () => {
    const a = await api(`/api/metrics/calls?range=custom&from=${iso(H)}`, { session });
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe("invalid_request");
    const b = await api(`/api/metrics/calls?range=1y`, { session });
    expect(b.status).toBe(400);
    expect(b.json.error.issues[0].path).toBe("range");
    const c = await api(`/api/metrics/kpis?gateway=not-a-uuid`, { session });
    expect(c.status).toBe(400);
    expect(c.json.error.issues[0].path).toBe("gateway");
  });

  it("needs a session, and gateway health needs gateways:read", async () => {
    expect((await api(`/api/metrics/kpis`)).status).toBe(401);
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    expect((await api(`/api/metrics/calls`, { session: reviewer })).status).toBe(200);
    expect((await api(`/api/metrics/gateways`, { session: reviewer })).status).toBe(403);
  });
});
