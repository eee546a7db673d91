import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { FindToolSettingsResponse, GetPolicyResponse } from "../../lib/policy/schema";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";

describe("per-tool settings in the policy", () => {
  it("PUT /api/tool-settings sets a tool's cost, timeout and rate limit; GET /api/v1/policy carries them in `tools` under a new ETag; audit-logged", async () => {
    const security = await createSignedInUser({ roles: ["security"] });
    const gw = await createTestGateway();
    const server = uniq("srv");
    const before = await gatewayApi("/policy", gw.apiKey);
    expect(before.status).toBe(200);
    const etag0 = before.headers.get("etag")!;

    const put = await api("/api/tool-settings", { session: security, method: "PUT", body: { server, tool: "write_file", costPerCallUsd: 0.25, timeoutMs: 30_000, rateLimitPerMinute: 10 } });
    expect(put.status, put.text).toBe(200);
    expect(put.json.tool).toMatchObject({ server, tool: "write_file", costPerCallUsd: "0.25", timeoutMs: 30_000, rateLimitPerMinute: 10 });

    const after = await gatewayApi("/policy", gw.apiKey, { headers: { "if-none-match": etag0 } });
    expect(after.status).toBe(200);
    const etag1 = after.headers.get("etag")!;
    expect(etag1).not.toBe(etag0);
    const policy = GetPolicyResponse.parse(after.json);
    expect(policy.tools).toContainEqual({ server, tool: "write_file", costPerCallUsd: "0.25", timeoutMs: 30_000, rateLimitPerMinute: 10 });

    // Changing one value changes the ETag again; a value left out is no longer set centrally.
    const put2 = await api("/api/tool-settings", { session: security, method: "PUT", body: { server, tool: "write_file", costPerCallUsd: "1.5" } });
    expect(put2.status).toBe(200);
    const after2 = await gatewayApi("/policy", gw.apiKey, { headers: { "if-none-match": etag1 } });
    expect(after2.status).toBe(200);
    expect(after2.headers.get("etag")).not.toBe(etag1);
    expect(GetPolicyResponse.parse(after2.json).tools).toContainEqual({ server, tool: "write_file", costPerCallUsd: "1.5", timeoutMs: null, rateLimitPerMinute: null });

    const list = await api("/api/tool-settings", { session: security });
    expect(FindToolSettingsResponse.parse(list.json).tools.filter((t) => t.server === server)).toHaveLength(1);

    const audits = await db().auditLog.findMany({ where: { targetType: "tool_setting", actorEmail: security.email }, orderBy: { seq: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["tool_setting.create", "tool_setting.update"]);
    expect(audits[1].before).toMatchObject({ costPerCallUsd: "0.25", timeoutMs: 30_000 });
    expect(audits[1].after).toMatchObject({ costPerCallUsd: "1.5", timeoutMs: null });

    // All null removes the tool's settings.
    const removed = await api("/api/tool-settings", { session: security, method: "PUT", body: { server, tool: "write_file", costPerCallUsd: null } });
    expect(removed.json).toEqual({ tool: null });
    const after3 = await gatewayApi("/policy", gw.apiKey);
    expect(GetPolicyResponse.parse(after3.json).tools.some((t) => t.server === server)).toBe(false);
    expect(await db().auditLog.count({ where: { targetType: "tool_setting", action: "tool_setting.delete", actorEmail: security.email } })).toBe(1);
  });

  it("PUT /api/tool-settings refuses bad values with a 400 naming the field, and roles that do not manage policy with a 403", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const cases: [Record<string, unknown>, string][] = [
      [{ server: "s", tool: "t", costPerCallUsd: -1 }, "costPerCallUsd"],
      [{ server: "s", tool: "t", costPerCallUsd: "0.1234567" }, "costPerCallUsd"],
      [{ server: "s", tool: "t", timeoutMs: 0 }, "timeoutMs"],
      [{ server: "s", tool: "t", rateLimitPerMinute: 1.5 }, "rateLimitPerMinute"],
      [{ server: "", tool: "t", timeoutMs: 5 }, "server"],
      [{ server: "s", tool: "t", timeoutMs: 5, gateway: "x" }, "gateway"],
    ];
    for (const [body, field] of cases) {
      const res = await api("/api/tool-settings", { session: admin, method: "PUT", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json.error), field).toContain(field);
    }
    for (const role of ["reviewer", "manager", "viewer"] as const) {
      const session = await createSignedInUser({ roles: [role] });
      expect((await api("/api/tool-settings", { session, method: "PUT", body: { server: "s", tool: "t", timeoutMs: 5 } })).status).toBe(403);
    }
    const ok = await api("/api/tool-settings", { session: admin, method: "PUT", body: { server: uniq("s"), tool: "t", timeoutMs: 5 } });
    expect(ok.status).toBe(200);
  });
});
