import { beforeAll, describe, expect, it } from "vitest";
import { api, type Session } from "../support/http";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { event, hourStart, postEvents, spread } from "../metrics/seed-events";

// The explorer's facet counts and total (GET /api/events/facets, GET /api/events/count) over real ingest.

let session: Session;
let viewer: Session;
let gw: Awaited<ReturnType<typeof createTestGateway>>;
const H = hourStart(6);
const tool = uniq("facet_tool");
const big = uniq("big-user");
const iso = (d: Date) => d.toISOString();
const at = (minutes: number) => new Date(H.getTime() + minutes * 60_000);

// 3 h 45 min of events from H + 15 min: the window [H+30m, H+3h15m) has partial hours at both ends.
const shapes = [
  { status: "ok" as const },
  { status: "error" as const, errorType: "tool_error" },
  { status: "error" as const, errorType: "-32602" },
  { status: "timeout" as const },
  { status: "blocked" as const, errorType: "budget_exceeded", riskFlags: ["budget_exceeded"] },
  { status: "denied" as const },
  { status: "error" as const },
];
const seeded = spread(at(15), 225 * 60_000, 700).map((t, i) =>
  event({ timestamp: t, tool, server: i % 2 ? "srv-a" : "srv-b", userId: i % 3 ? "ann" : "bob", team: "core", ...shapes[i % shapes.length] }),
);

beforeAll(async () => {
  [session, viewer] = await Promise.all([createSignedInUser({ roles: ["security"] }), createSignedInUser({ roles: ["viewer"] })]);
  gw = await createTestGateway();
  // 12,000 events in the hour before: 11,000 of one user (past the count's cap), every 12th of another.
  const many = spread(at(-60), 60 * 60_000, 12_000).map((t, i) => event({ timestamp: t, tool, userId: i % 12 ? big : "other", status: "ok" }));
  await postEvents(gw.apiKey, [...seeded, ...many]);
});

const window = (extra: Record<string, string> = {}) =>
  new URLSearchParams({ range: "custom", from: iso(at(30)), to: iso(at(195)), gateway: gw.gatewayId, tool, ...extra });
const inWindow = seeded.filter((e) => e.timestamp >= iso(at(30)) && e.timestamp < iso(at(195)));

describe("GET /api/events/count", () => {
  it("is exact from the hour rollup plus the partial hours at both ends, with a status filter too", async () => {
    const all = await api(`/api/events/count?${window()}`, { session });
    expect(all.status, all.text).toBe(200);
    expect(all.json).toEqual({ total: inWindow.length, exact: true, method: "rollup" });
    const errors = await api(`/api/events/count?${window({ status: "error" })}`, { session });
    expect(errors.json).toEqual({ total: inWindow.filter((e) => e.status === "error").length, exact: true, method: "rollup" });
    const ok = await api(`/api/events/count?${window({ status: "ok" })}`, { session });
    expect(ok.json.total).toBe(inWindow.filter((e) => e.status === "ok").length);
  });

  it("counts a filter the rollup cannot apply (user, error type) exactly below the cap", async () => {
    const bob = await api(`/api/events/count?${window({ user: "bob" })}`, { session });
    expect(bob.json).toEqual({ total: inWindow.filter((e) => e.userId === "bob").length, exact: true, method: "counted" });
    const invalid = await api(`/api/events/count?${window({ errorType: "invalid_params" })}`, { session });
    expect(invalid.json.total).toBe(inWindow.filter((e) => e.errorType === "-32602").length);
  });

  it("estimates past the cap and says so (exact: false), close to the truth", async () => {
    const q = new URLSearchParams({ range: "custom", from: iso(at(-60)), to: iso(at(0)), gateway: gw.gatewayId, user: big });
    const res = await api(`/api/events/count?${q}`, { session });
    expect(res.status, res.text).toBe(200);
    expect(res.json.exact).toBe(false);
    expect(res.json.method).toBe("estimated");
    expect(Math.abs(res.json.total - 11_000) / 11_000).toBeLessThan(0.1);
  });

  it("refuses bad input with 400 naming the field, and a role without events:read with 403", async () => {
    const noTo = await api(`/api/events/count?range=custom&from=${iso(at(0))}`, { session });
    expect(noTo.status).toBe(400);
    expect(JSON.stringify(noTo.json.error)).toContain("from");
    const badStatus = await api(`/api/events/count?status=exploded`, { session });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.error.issues.map((i: { path: string }) => i.path).join()).toContain("status");
    expect((await api(`/api/events/count?${window()}`, { session: viewer })).status).toBe(403);
  });
});

describe("GET /api/events/facets", () => {
  it("counts the current filter by tool, server, status, derived error type, user and flag", async () => {
    const res = await api(`/api/events/facets?${window()}`, { session });
    expect(res.status, res.text).toBe(200);
    const count = (pred: (e: (typeof inWindow)[number]) => boolean) => inWindow.filter(pred).length;
    const f = res.json.facets;
    expect(res.json.sampled).toBe(false);
    expect(f.tool).toEqual([{ value: tool, count: inWindow.length }]);
    expect(f.status).toContainEqual({ value: "timeout", count: count((e) => e.status === "timeout") });
    expect(f.errorType).toContainEqual({ value: "invalid_params", count: count((e) => e.errorType === "-32602") });
    expect(f.errorType).toContainEqual({ value: "timeout", count: count((e) => e.status === "timeout") });
    expect(f.errorType).toContainEqual({ value: "unknown_error", count: count((e) => e.status === "error" && !e.errorType) });
    expect(f.errorType).toContainEqual({ value: null, count: count((e) => e.status === "ok") });
    expect(f.user).toContainEqual({ value: "bob", count: count((e) => e.userId === "bob") });
    expect(f.flag).toEqual([{ value: "budget_exceeded", count: count((e) => e.status === "blocked") }]);
    expect(f.server.map((s: { count: number }) => s.count).reduce((a: number, b: number) => a + b, 0)).toBe(inWindow.length);
  });

  it("narrows with the error-type filter: the list shows what the facet counted", async () => {
    const facet = await api(`/api/events/facets?${window({ errorType: "denied" })}`, { session });
    const list = await api(`/api/events?${window({ errorType: "denied", limit: "200" })}`, { session });
    expect(list.json.events.length).toBe(facet.json.facets.status[0].count);
    expect(list.json.events.every((e: { status: string }) => e.status === "denied")).toBe(true);
  });

  it("refuses a bad limit with 400 naming it", async () => {
    const res = await api(`/api/events/facets?${window({ limit: "0" })}`, { session });
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { path: string }) => i.path).join()).toContain("limit");
  });
});
