import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createTestGateway } from "../support/gateways";
import { cleanupProxies, everythingStdio, freePort, httpClient, memoryStdio, startGatewayChild, tempDir, textOf, waitFor, writeGatewayConfig, type GatewayChild } from "./proxy-support";

// What warden-gateway tells Warden about itself (heartbeat, each server's tools/list), and its graceful
// shutdown on SIGTERM.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let g: GatewayChild;
const token = randomBytes(24).toString("base64url");
beforeAll(async () => {
  gw = await createTestGateway();
  const port = await freePort();
  const dir = await tempDir();
  const { file } = await writeGatewayConfig({
    mcpServers: { everything: everythingStdio(), memory: memoryStdio(path.join(dir, "memory.jsonl")) },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: { staticTokens: [{ name: "r", sha256: createHash("sha256").update(token).digest("hex"), userId: "report-user" }] },
    spool: { dir: path.join(dir, "spool"), capBytes: 64 * 1024 * 1024, whenFull: "drop" },
  });
  g = await startGatewayChild({ file, apiKey: gw.apiKey });
});
afterAll(cleanupProxies);

describe("warden-gateway reporting", () => {
  it("reports each upstream server's tools/list to Warden (PUT /api/v1/tools)", async () => {
    const lists = await waitFor(async () => {
      const rows = await db().gatewayToolList.findMany({ where: { gatewayId: gw.gatewayId } });
      return rows.length === 2 ? rows : null;
    }, 60_000, "both tools lists");
    const byServer = Object.fromEntries(lists.map((l) => [l.server, l]));
    expect((byServer.everything!.tools as { name: string }[]).map((t) => t.name)).toContain("echo");
    expect((byServer.memory!.tools as { name: string }[]).map((t) => t.name)).toContain("create_entities");
  });

  it("sends a heartbeat with version, spool, counters, heavy output counters, upstreams and its fail-open settings (drop mode)", async () => {
    const hb = await waitFor(() => db().gatewayHeartbeat.findUnique({ where: { gatewayId: gw.gatewayId } }), 60_000, "a heartbeat");
    expect(hb.gatewayVersion).toBeTruthy();
    expect((hb.upstreams as { name: string; status: string }[]).map((u) => u.name).sort()).toEqual(["everything", "memory"]);
    expect((hb.failOpen as { setting: string }[]).map((f) => f.setting)).toContain("spool.whenFull");
    expect((hb.spool as { capBytes: number }).capBytes).toBe(64 * 1024 * 1024);
    // The heavy output scan's counters (on by default) are kept with the heartbeat's counters.
    expect((hb.counters as { heavyOutputs?: object }).heavyOutputs).toMatchObject({ scanned: expect.any(Number), dropped: 0, lateFlags: { pending: expect.any(Number) } });
  });

  it("SIGTERM: stops accepting, finishes, flushes the spool to Warden and exits 0", async () => {
    const client = await httpClient(`${g.url}/mcp`, token, "shutdown-client");
    expect(textOf(await client.callTool({ name: "everything__echo", arguments: { message: "before shutdown" } }))).toContain("before shutdown");
    g.child.kill("SIGTERM");
    expect(await g.exited).toBe(0);
    expect(g.logs.some((l) => l.includes("gateway stopped"))).toBe(true);
    const event = await waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, agent: "shutdown-client" } }), 30_000, "the call's event");
    expect(event.status).toBe("ok");
  });
});
