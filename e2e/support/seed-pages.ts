import { randomUUID } from "node:crypto";
import { baseURL, createGateway, db, expect } from "./fixtures";
import { requestApproval } from "./approvals";
import { heldAlertRuleId } from "./held-alert-rule";

// Enough data for every dashboard page to draw its real content (charts, tables, a detail page each), for the
// page-by-page checks of e2e/a11y.spec.ts and e2e/small-screens.spec.ts. Everything is scoped to a new gateway.

const HOUR = 3_600_000;

async function gatewayApi(apiKey: string, method: string, path: string, body: unknown) {
  const res = await fetch(`${baseURL}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

export interface SeededPages {
  gateway: { gatewayId: string; name: string; apiKey: string };
  approvalId: string;
  budgetId: string;
  toolId: string;
  eventId: string;
}

/** 1,200 calls over the last 20 hours (four-digit counts, errors, costs, flags), a pending request, a budget, a tool and an alert. */
export async function seedPages(): Promise<SeededPages> {
  const gw = await createGateway();
  const team = `screens-${randomUUID().slice(0, 6)}`;
  const server = `files-${randomUUID().slice(0, 6)}`;
  const events = Array.from({ length: 1200 }, (_, i) => ({
    id: randomUUID(),
    timestamp: new Date(Date.now() - 10 * 60_000 - i * 60_000).toISOString(),
    userId: i % 3 === 0 ? "dana.long-name-for-wrapping@corp.example" : "eli@corp.example",
    team,
    server,
    tool: i % 4 === 0 ? "read_file" : "search_files",
    status: i % 9 === 0 ? "error" : "ok",
    errorType: i % 9 === 0 ? "upstream_500" : undefined,
    durationMs: 40 + (i % 50) * 13,
    costUsd: 0.0125 * (1 + (i % 5)),
    riskFlags: i % 40 === 0 ? ["prompt_injection"] : [],
  }));
  for (let i = 0; i < events.length; i += 500) await gatewayApi(gw.apiKey, "POST", "/events", { events: events.slice(i, i + 500) });
  const approvalId = await requestApproval(gw.apiKey, {
    server,
    params: { path: "/srv/reports/quarterly/2026-q3-final-numbers-for-the-board.xlsx", recipients: ["cfo@corp.example", "board@corp.example"], note: "Send before the meeting at 10:00, with the summary attached." },
    estimatedCostUsd: 1043.25,
  });
  const { createBudget } = await import("../../lib/budgets/create-budget");
  const budget = await createBudget({ input: { name: `Team ${team}`, scope: "team", scopeValue: team, period: "month", limitUsd: "1043.5", mode: "soft" }, actor: { email: "e2e" } });
  await gatewayApi(gw.apiKey, "PUT", "/tools", { servers: [{ server, tools: [{ name: "read_file", description: "Reads a file.", inputSchema: { type: "object", properties: { path: { type: "string" } } } }] }] });
  const tool = await (await db()).inventoryTool.findFirstOrThrow({ where: { server, name: "read_file" } });
  const { raiseAlert } = await import("../../lib/alerts/raise-alert");
  // Held open by its rule: the detector's minute run would resolve it otherwise, within a minute, and the
  // Alerts and Incidents pages would not show it open by the time the specs reach them.
  const ruleId = await heldAlertRuleId();
  await (await db()).$transaction((tx) =>
    raiseAlert(tx, { dedupeKey: `e2e-screens:${randomUUID()}`, source: "anomaly", kind: "error_rate", ruleId, severity: "warning", subjectType: "gateway", subjectValue: gw.gatewayId, title: `Error spike on ${gw.name}`, explanation: "11 % of 1,043 calls failed in the last hour (usually 0.4 %): seeded by the e2e test", now: new Date(Date.now() - HOUR) }),
  );
  return { gateway: gw, approvalId, budgetId: budget.id, toolId: tool.id, eventId: events[0].id };
}

/** The dashboard pages an admin can open, with the seeded data in view. */
export function dashboardPages(s: SeededPages): { name: string; path: string }[] {
  const g = `gateway=${s.gateway.gatewayId}`;
  return [
    { name: "Overview", path: `/?${g}` },
    { name: "Events", path: `/events?${g}` },
    { name: "Approvals: queue with a request open", path: `/approvals?id=${s.approvalId}` },
    { name: "Approvals: history", path: "/approvals?tab=history" },
    { name: "Approvals: rules", path: "/approvals?tab=rules" },
    { name: "Budgets", path: "/budgets" },
    { name: "Budget detail", path: `/budgets/${s.budgetId}` },
    { name: "Alerts", path: "/alerts" },
    { name: "Alert rules", path: "/alerts?tab=rules" },
    { name: "Alert channels", path: "/alerts?tab=channels" },
    { name: "Incidents", path: "/incidents" },
    { name: "Gateways", path: "/gateways" },
    { name: "Tools", path: "/tools" },
    { name: "Tool detail", path: `/tools/${s.toolId}` },
    { name: "Settings", path: "/settings" },
    { name: "Users", path: "/settings/users" },
    { name: "Audit log", path: "/settings/audit" },
    { name: "Your account", path: "/account" },
  ];
}
