import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { fingerprintTool } from "../../lib/guards/fingerprint-tool";
import { GetPolicyResponse } from "../../lib/policy/schema";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";

const tool = (name: string, description: string) => ({ name, description, inputSchema: { type: "object", properties: { q: { type: "string" } } } });

describe("tool inventory dashboard API", () => {
  it("security lists tools, sets a server's trust, approves all of a server as reviewed, blocks one, sets its settings and needs-approval rule; each action audited and in the policy; other roles 403", async () => {
    const security = await createSignedInUser({ roles: ["security"] });
    const gw = await createTestGateway();
    const server = uniq("srv-dash");
    const trust = await api("/api/inventory/servers/trust", { session: security, method: "PUT", body: { server, trustPolicy: "review" } });
    expect(trust.status, trust.text).toBe(200);
    const a = tool("search", "Searches.");
    const b = tool("delete_all", "Deletes\u200b everything.");
    await gatewayApi("/tools", gw.apiKey, { method: "PUT", body: { servers: [{ server, tools: [a, b] }] } });

    const list = await api(`/api/inventory/tools?server=${encodeURIComponent(server)}`, { session: security });
    expect(list.status, list.text).toBe(200);
    expect(list.json.total).toBe(2);
    expect(list.json.tools.map((t: { name: string; status: string }) => [t.name, t.status]).sort()).toEqual([["delete_all", "pending"], ["search", "pending"]]);
    const del = list.json.tools.find((t: { name: string }) => t.name === "delete_all");
    expect(del.findings).toContainEqual(expect.objectContaining({ flag: "hidden_unicode", path: "/description" }));
    expect(del.gateways).toEqual([{ id: gw.gatewayId, name: gw.name }]);
    expect(list.json.servers.find((s: { server: string }) => s.server === server)).toMatchObject({ trustPolicy: "review", explicitTrust: true, toolCount: 2, pendingCount: 2 });

    // Approve all, as reviewed: a stale fingerprint refuses the whole batch (409 naming the tool).
    const stale = await api("/api/inventory/servers/approve-all", { session: security, method: "POST", body: { server, tools: [{ tool: "search", fingerprint: fingerprintTool(a) }, { tool: "delete_all", fingerprint: fingerprintTool(a) }] } });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.json.error.issues)).toContain("tools[1].fingerprint");
    const all = await api("/api/inventory/servers/approve-all", { session: security, method: "POST", body: { server, tools: [{ tool: "search", fingerprint: fingerprintTool(a) }, { tool: "delete_all", fingerprint: fingerprintTool(b) }] } });
    expect(all.status, all.text).toBe(200);
    expect(all.json).toEqual({ server, approved: 2 });

    const blocked = await api(`/api/inventory/tools/${del.id}/block`, { session: security, method: "POST", body: { reason: "destructive" } });
    expect(blocked.status, blocked.text).toBe(200);
    const searchId = list.json.tools.find((t: { name: string }) => t.name === "search").id;
    const settings = await api(`/api/inventory/tools/${searchId}/settings`, { session: security, method: "PUT", body: { costPerCallUsd: "0.02", timeoutMs: 5000, rateLimitPerMinute: 30, needsApproval: true } });
    expect(settings.status, settings.text).toBe(200);
    expect(settings.json).toMatchObject({ setting: { costPerCallUsd: "0.02", timeoutMs: 5000, rateLimitPerMinute: 30 }, needsApproval: true });

    const policy = GetPolicyResponse.parse((await gatewayApi("/policy", gw.apiKey)).json);
    expect(policy.tools.find((t) => t.server === server && t.tool === "search")).toEqual({ server, tool: "search", costPerCallUsd: "0.02", timeoutMs: 5000, rateLimitPerMinute: 30, status: "approved", approvedFingerprint: fingerprintTool(a) });
    expect(policy.tools.find((t) => t.server === server && t.tool === "delete_all")).toMatchObject({ status: "blocked" });
    expect(policy.blockedTools).toContainEqual({ serverPattern: server, toolPattern: "delete_all", reason: "blocked in the tool inventory" });
    const rule = policy.approvalRules.find((r) => r.serverPattern === server && r.toolPattern === "search");
    expect(rule).toMatchObject({ requiredApprovals: 1, riskFlags: [], minCostUsd: null });

    const detail = await api(`/api/inventory/tools/${searchId}`, { session: security });
    expect(detail.json.tool).toMatchObject({ status: "approved", needsApproval: true, costPerCallUsd: "0.02", timeoutMs: 5000, versions: [{ fingerprint: fingerprintTool(a), approved: true, current: true }] });

    // Turning needs-approval off deletes the rule.
    await api(`/api/inventory/tools/${searchId}/settings`, { session: security, method: "PUT", body: { costPerCallUsd: "0.02", needsApproval: false } });
    expect(await db().approvalRule.count({ where: { serverPattern: server } })).toBe(0);

    const actions = (await db().auditLog.findMany({ where: { actorEmail: security.email, action: { not: "user.sign_in" } }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual([
      "inventory.server.trust_policy",
      "inventory.server.approve_all",
      "inventory.tool.block",
      "tool_setting.create",
      "approval_rule.create",
      "tool_setting.update",
      "approval_rule.delete",
    ]);

    for (const role of ["reviewer", "manager", "viewer"] as const) {
      const session = await createSignedInUser({ roles: [role] });
      expect((await api("/api/inventory/tools", { session })).status).toBe(403);
      expect((await api(`/api/inventory/tools/${searchId}/block`, { session, method: "POST", body: {} })).status).toBe(403);
    }
  }, 120_000);

  it("kill switches from the dashboard: created (400 naming a bad field, 409 when already on), listed, lifted; the default trust policy set; audited", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const bad = await api("/api/kill-switches", { session: admin, method: "POST", body: { kind: "planet", value: "x", reason: "r" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error)).toContain("kind");
    const noGateway = await api("/api/kill-switches", { session: admin, method: "POST", body: { kind: "gateway", value: uniq("nope"), reason: "r" } });
    expect(noGateway.status).toBe(400);
    const agent = uniq("agent");
    const created = await api("/api/kill-switches", { session: admin, method: "POST", body: { kind: "agent", value: agent, reason: "runaway loop" } });
    expect(created.status, created.text).toBe(201);
    expect((await api("/api/kill-switches", { session: admin, method: "POST", body: { kind: "agent", value: agent, reason: "again" } })).status).toBe(409);
    const listed = await api("/api/kill-switches", { session: admin });
    expect(listed.json.active.map((k: { value: string }) => k.value)).toContain(agent);
    const lift = await api(`/api/kill-switches/${created.json.killSwitch.id}/lift`, { session: admin, method: "POST" });
    expect(lift.status, lift.text).toBe(200);
    expect(lift.json.killSwitch.liftedByEmail).toBe(admin.email);
    expect((await api(`/api/kill-switches/${created.json.killSwitch.id}/lift`, { session: admin, method: "POST" })).status).toBe(409);
    expect(await db().auditLog.count({ where: { targetId: created.json.killSwitch.id } })).toBe(2);

    // The default trust policy (kept at review: other tests rely on it): 400 on a bad value, audited.
    expect((await api("/api/inventory/default-trust", { session: admin, method: "PUT", body: { trustPolicy: "yolo" } })).status).toBe(400);
    const def = await api("/api/inventory/default-trust", { session: admin, method: "PUT", body: { trustPolicy: "review" } });
    expect(def.json).toMatchObject({ trustPolicy: "review", dryRun: false });
    expect(await db().auditLog.count({ where: { actorEmail: admin.email, action: "inventory.default_trust_policy" } })).toBe(1);
  });
});
