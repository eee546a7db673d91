import { createHash, randomBytes } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { PutToolsResponse } from "../../lib/gateways/schema";
import { createTestGateway, gatewayApi } from "../support/gateways";

const echo = { name: "echo", description: "Echoes back the input", inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] } };
const add = { name: "add", title: "Add", inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } }, annotations: { readOnlyHint: true } };
const write = { name: "write_file", inputSchema: { type: "object" }, _meta: { "vendor/x": 1 } };

// Server names of this file's own: the hand-made definitions below must not become versions of the real
// servers' tools in the shared Warden's inventory (a later trust change would pin them, and the real echo
// would then read as a changed definition of an approved tool in other files' pass-through tests).
const run = randomBytes(3).toString("hex");
const S = { everything: `tools-test-${run}-everything`, filesystem: `tools-test-${run}-filesystem`, memory: `tools-test-${run}-memory` };

describe("PUT /api/v1/tools", () => {
  it("stores each server's tools/list as listed per gateway × server, with the SHA-256 of its canonical JSON", async () => {
    const gw = await createTestGateway();
    const res = await gatewayApi("/tools", gw.apiKey, { method: "PUT", body: { servers: [{ server: S.everything, tools: [echo, add] }, { server: S.filesystem, tools: [write] }] } });
    expect(res.status).toBe(200);
    const body = PutToolsResponse.parse(res.json);
    const expectedHash = `sha256:${createHash("sha256").update(canonicalize([echo, add])!).digest("hex")}`;
    expect(body.servers).toEqual([
      { server: S.everything, toolCount: 2, toolsHash: expectedHash, changed: true },
      { server: S.filesystem, toolCount: 1, toolsHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), changed: true },
    ]);
    const rows = await db().gatewayToolList.findMany({ where: { gatewayId: gw.gatewayId }, orderBy: { server: "asc" } });
    expect(rows.map((r) => r.server)).toEqual([S.everything, S.filesystem]);
    expect(rows[0].tools).toEqual([echo, add]);
    expect(rows[0].toolsHash).toBe(expectedHash);
    expect(rows[1].tools).toEqual([write]);
  });

  it("the same list in another key order is unchanged (same hash, updatedAt kept); a changed list replaces it; other servers are kept", async () => {
    const gw = await createTestGateway();
    await gatewayApi("/tools", gw.apiKey, { method: "PUT", body: { servers: [{ server: S.everything, tools: [echo] }, { server: S.memory, tools: [add] }] } });
    const first = await db().gatewayToolList.findUniqueOrThrow({ where: { gatewayId_server: { gatewayId: gw.gatewayId, server: S.everything } } });
    const reordered = { inputSchema: { required: ["message"], properties: { message: { type: "string" } }, type: "object" }, description: echo.description, name: "echo" };
    const same = await gatewayApi("/tools", gw.apiKey, { method: "PUT", body: { servers: [{ server: S.everything, tools: [reordered] }] } });
    expect(same.json.servers).toEqual([{ server: S.everything, toolCount: 1, toolsHash: first.toolsHash, changed: false }]);
    const after = await db().gatewayToolList.findUniqueOrThrow({ where: { gatewayId_server: { gatewayId: gw.gatewayId, server: S.everything } } });
    expect(after.updatedAt).toEqual(first.updatedAt);
    expect(after.reportedAt.getTime()).toBeGreaterThanOrEqual(first.reportedAt.getTime());

    const changed = await gatewayApi("/tools", gw.apiKey, { method: "PUT", body: { servers: [{ server: S.everything, tools: [echo, write] }] } });
    expect(changed.json.servers[0]).toMatchObject({ toolCount: 2, changed: true });
    expect((await db().gatewayToolList.findUniqueOrThrow({ where: { gatewayId_server: { gatewayId: gw.gatewayId, server: S.everything } } })).tools).toEqual([echo, write]);
    expect(await db().gatewayToolList.count({ where: { gatewayId: gw.gatewayId } })).toBe(2);

    const other = await createTestGateway();
    await gatewayApi("/tools", other.apiKey, { method: "PUT", body: { servers: [{ server: S.everything, tools: [] }] } });
    expect((await db().gatewayToolList.findUniqueOrThrow({ where: { gatewayId_server: { gatewayId: gw.gatewayId, server: S.everything } } })).toolCount).toBe(2);
  });

  it("refuses a body that breaks the contract with a 400 naming the field, and a key without tools:write with a 403", async () => {
    const gw = await createTestGateway();
    const cases: [unknown, string][] = [
      [{ servers: [] }, "servers"],
      [{ servers: [{ server: "a", tools: [{ description: "no name" }] }] }, "name"],
      [{ servers: [{ server: "a", tools: [] }, { server: "a", tools: [] }] }, "servers"],
      [{ servers: [{ server: "", tools: [] }] }, "server"],
      [{ servers: [{ server: "a", tools: [], extra: true }] }, "extra"],
      [{ servers: [{ server: "a", tools: [] }], more: 1 }, "more"],
    ];
    for (const [body, field] of cases) {
      const res = await gatewayApi("/tools", gw.apiKey, { method: "PUT", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json.error), field).toContain(field);
    }
    expect((await gatewayApi("/tools", gw.apiKey, { method: "POST", body: { servers: [] } })).status).toBe(405);
    const limited = await createTestGateway({ scopes: ["events:write", "heartbeat:write"] });
    const refused = await gatewayApi("/tools", limited.apiKey, { method: "PUT", body: { servers: [{ server: "a", tools: [] }] } });
    expect(refused.status).toBe(403);
  });
});
