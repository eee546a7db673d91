import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser, uniq } from "../support/factories";
import { api, baseUrl, type Session } from "../support/http";
import { createTestGateway } from "../support/gateways";
import { event, postEvents } from "../metrics/seed-events";

// CSV exports of the alerts, the approval history and the audit log (GET /api/{alerts,approvals,audit}/export):
// role-checked, bad input refused with the field named, formula cells neutralised. Plus the audit log's filters
// and its targets shown by name; the command palette's search (by role).

let admin: Session & { id: string };
let manager: Session;
let reviewer: Session;
let viewer: Session;
const formula = `=HYPERLINK("http://evil.test","x") ${uniq("b")}`;
let budgetId: string;

async function csv(path: string, session: Session) {
  const res = await fetch(`${baseUrl()}${path}`, { headers: { cookie: session.cookie, origin: baseUrl() } });
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), text: await res.text() };
}

beforeAll(async () => {
  [admin, manager, reviewer, viewer] = await Promise.all([
    createSignedInUser({ roles: ["admin"] }),
    createSignedInUser({ roles: ["manager"] }),
    createSignedInUser({ roles: ["reviewer"] }),
    createSignedInUser({ roles: ["viewer"] }),
  ]);
  const created = await api("/api/budgets", { session: manager, method: "POST", body: { name: formula, scope: "team", scopeValue: uniq("team"), period: "month", limitUsd: "10" } });
  expect(created.status, created.text).toBe(201);
  budgetId = created.json.budget.id;
});

describe("GET /api/audit and /api/audit/export", () => {
  it("filters by actor, action, target and time, and names the target", async () => {
    const q = new URLSearchParams({ actor: manager.email, action: "budget.", targetType: "budget", targetId: budgetId, from: new Date(Date.now() - 3600_000).toISOString() });
    const res = await api(`/api/audit?${q}`, { session: admin });
    expect(res.status, res.text).toBe(200);
    expect(res.json.entries).toHaveLength(1);
    expect(res.json.entries[0]).toMatchObject({ action: "budget.create", targetId: budgetId, targetName: formula });
    const later = await api(`/api/audit?targetId=${budgetId}&from=${new Date(Date.now() + 3600_000).toISOString()}`, { session: admin });
    expect(later.json.entries).toHaveLength(0);
  });

  it("exports the filter as CSV with the formula cell neutralised, for audit:read only", async () => {
    const res = await csv(`/api/audit/export?targetType=budget&targetId=${budgetId}`, admin);
    expect(res.status, res.text).toBe(200);
    expect(res.type).toContain("text/csv");
    expect(res.disposition).toMatch(/attachment; filename="warden-audit-log-.*\.csv"/);
    const [header, row, ...rest] = res.text.trim().split("\r\n");
    expect(header.split(",").slice(0, 8)).toEqual(["seq", "at", "actorEmail", "actorId", "action", "targetType", "targetId", "targetName"]);
    expect(rest).toHaveLength(0);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")`);
    expect(row).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
    expect((await csv(`/api/audit/export`, manager)).status).toBe(403);
  });

  it("refuses a window that ends before it starts and a malformed time, naming the field", async () => {
    const backwards = await api(`/api/audit/export?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`, { session: admin });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.issues[0].path).toBe("from");
    const bad = await api(`/api/audit?to=yesterday`, { session: admin });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe("to");
  });
});

describe("GET /api/alerts/export", () => {
  it("exports alerts as CSV (formula titles neutralised) for alerts:read, refuses a viewer and a bad status", async () => {
    const title = `@SUM(1+1) ${uniq("alert")}`;
    await db().alert.create({
      data: { dedupeKey: randomUUID(), source: "rule", kind: "test", severity: "warning", status: "resolved", subjectType: "tool", subjectValue: "t", title, explanation: "-2+3" },
    });
    const res = await csv(`/api/alerts/export?q=${encodeURIComponent(title)}`, manager);
    expect(res.status, res.text).toBe(200);
    const lines = res.text.trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`'${title}`);
    expect(lines[1]).toContain(",'-2+3,");
    expect((await csv(`/api/alerts/export`, viewer)).status).toBe(403);
    const bad = await api(`/api/alerts/export?status=exploded`, { session: manager });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe("status");
  });
});

describe("GET /api/approvals/export", () => {
  it("exports the decided history as CSV for approvals:read, refuses a manager and an unknown parameter", async () => {
    const res = await csv(`/api/approvals/export?tool=${uniq("none")}`, reviewer);
    expect(res.status, res.text).toBe(200);
    expect(res.text.split("\r\n")[0]).toBe(
      "id,createdAt,decidedAt,status,gatewayName,server,tool,userId,team,agent,identitySource,reason,riskScore,riskFlags,estimatedCostUsd,ruleName,requiredApprovals,votes,expiresAt",
    );
    expect((await csv(`/api/approvals/export`, manager)).status).toBe(403);
    const bad = await api(`/api/approvals/export?view=queue`, { session: reviewer });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error)).toContain("view");
  });
});

describe("GET /api/search (command palette)", () => {
  it("finds an event and a budget page by what the role can open, and refuses an empty query naming q", async () => {
    const gw = await createTestGateway();
    const e = event({ timestamp: new Date(Date.now() - 60_000).toISOString() });
    await postEvents(gw.apiKey, [e]);
    const forAdmin = await api(`/api/search?q=${e.id}`, { session: admin });
    expect(forAdmin.status, forAdmin.text).toBe(200);
    expect(forAdmin.json.hits[0]).toMatchObject({ kind: "event", href: expect.stringContaining(`event=${e.id}`) });
    const forViewer = await api(`/api/search?q=${e.id}`, { session: viewer });
    expect(forViewer.json.hits).toEqual([]);
    expect((await api(`/api/search?q=budg`, { session: manager })).json.hits).toContainEqual({ kind: "page", label: "Budgets", href: "/budgets" });
    expect((await api(`/api/search?q=budg`, { session: viewer })).json.hits).toEqual([]);
    const empty = await api(`/api/search?q=`, { session: viewer });
    expect(empty.status).toBe(400);
    expect(empty.json.error.issues[0].path).toBe("q");
  });
});
