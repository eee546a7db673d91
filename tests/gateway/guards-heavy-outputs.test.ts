import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/client";
import { db } from "../../lib/db";
import { loadGatewayConfig } from "../../lib/gateway/config/load-gateway-config";
import { createGatewayLog } from "../../lib/gateway/log";
import { forkHeavyWorker } from "../../lib/gateway/guards/fork-heavy-worker";
import { openLateFlagQueue } from "../../lib/gateway/guards/open-late-flag-queue";
import { createWardenGatewayApi } from "../../lib/gateway/warden/create-warden-gateway-api";
import { startGateway, type RunningGateway } from "../../lib/gateway/start-gateway";
import { createHeavyScanner, type HeavyScanner } from "../../lib/guards/heavy/create-heavy-scanner";
import { redactValue } from "../../lib/guards/redact-value";
import { scanValue } from "../../lib/guards/scan-value";
import { AddEventFlagsResponse } from "../../lib/ingest/schema";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { baseUrl } from "../support/http";
import { cleanupProxies, freePort, httpClient, KEY_ENV, tempDir, textOf, waitFor, writeGatewayConfig } from "./proxy-support";
import { deadUrl, quietLog } from "./chain-support";
import { HEAVY_ONLY_INSTRUCTION } from "./support/malicious-payloads";

// Issue 17 "Two speeds" for tool outputs (docs/guards.md): the gateway returns a tools/call's output at once
// and queues its text for the heavy rule sets (agent-threat-rules + secretlint, a low-priority child process);
// what they find becomes late flags on the call's event in Warden (POST /api/v1/events/{id}/flags) and an
// alert. The gateway runs in this process so the test can gate its scanner: the answer arrives while the scan
// of that very output is held at the gate, so the call cannot have waited for it.

const MALICIOUS = path.resolve("tests/gateway/support/malicious-server.ts");
const token = randomBytes(24).toString("base64url");

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let running: RunningGateway;
let client: Client;
let real: HeavyScanner;
let openGate!: () => void;
const gate = new Promise<void>((r) => (openGate = r));
let entered = 0;

beforeAll(async () => {
  gw = await createTestGateway();
  const port = await freePort();
  const { file } = await writeGatewayConfig(
    {
      mcpServers: { evil: { command: process.execPath, args: ["--import", "tsx", MALICIOUS], cwd: process.cwd(), env: { MALICIOUS_RUG_PULL: "never" } } },
      listeners: { http: { host: "127.0.0.1", port } },
      auth: { staticTokens: [{ name: "h", sha256: createHash("sha256").update(token).digest("hex"), userId: "heavy-user" }] },
    },
    await tempDir("heavy-out-"),
    { trust: { evil: "trust-on-first-use" } },
  );
  // nice 0 here: at the gateway's default 19 a scan waits for every other process on a loaded test machine.
  real = createHeavyScanner({ startWorker: forkHeavyWorker({ nice: 0 }) });
  const warm = real.scan({ text: "warm-up", where: "tool_output" }); // loads the rules while the gateway starts
  running = await startGateway({
    config: await loadGatewayConfig({ path: file }),
    env: { ...process.env, [KEY_ENV]: gw.apiKey },
    log: createGatewayLog({ level: "warn" }),
    heartbeatMs: 3_600_000,
    heavyScanner: {
      async scan(o) {
        entered++;
        await gate;
        return real.scan(o);
      },
      close: () => real.close(),
    },
  });
  client = await httpClient(`${running.http!.url}/mcp`, token, "heavy-agent");
  await warm;
}, 120_000);
afterAll(async () => {
  openGate();
  await cleanupProxies();
  await running?.shutdown({ graceMs: 2_000 });
}, 60_000);

const metric = async (name: string) => {
  const text = await (await fetch(new URL("/metrics", running.http!.url))).text();
  return Number(new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\d+)`, "m").exec(text)?.[1] ?? NaN);
};

describe("heavy rules on tool outputs, after the result is returned", () => {
  it("the answer arrives while the heavy scan of that output is still held; then Warden's event carries the late flag, its rollups count it, and an output_heavy_finding alert names the tool", async () => {
    // The premise: the fast rules (on the call's path) see nothing in this output.
    const fast = redactValue({ value: { content: [{ type: "text", text: HEAVY_ONLY_INSTRUCTION }] } });
    expect(fast.redactions).toEqual([]);
    expect(scanValue({ value: fast.value, where: "tool_output" })).toEqual([]);

    const result = await client.callTool({ name: "evil__read_message", arguments: { n: 1 } });
    expect(textOf(result)).toContain(HEAVY_ONLY_INSTRUCTION); // returned as is: not fenced, not held
    await waitFor(async () => entered >= 1, 30_000, "the output to reach the (gated) heavy scanner");
    expect(await metric('warden_gateway_heavy_outputs_total{result="scanned"}')).toBe(0);
    expect(await metric("warden_gateway_heavy_outputs_waiting")).toBe(1);

    // The call's event reaches Warden through the spool without the heavy flag (the scan is still held).
    const first = await waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool: "read_message" } }), 30_000, "the call's event");
    expect(first.status).toBe("ok");
    expect(first.riskFlags).not.toContain("prompt_injection");

    openGate();
    const flagged = await waitFor(async () => {
      const e = await db().event.findFirst({ where: { id: first.id } });
      return e?.riskFlags.includes("prompt_injection") ? e : null;
    }, 60_000, "the late flag on the event");
    expect(flagged.status).toBe("ok");
    const alert = await waitFor(() => db().alert.findUnique({ where: { openKey: `gateway:output_heavy_finding:${gw.gatewayId}:evil/read_message` } }), 30_000, "the alert");
    expect(alert).toMatchObject({ source: "gateway", kind: "output_heavy_finding", subjectType: "tool", subjectValue: "evil/read_message" });
    expect(alert.details).toMatchObject({ eventId: first.id, flags: ["prompt_injection"] });
    expect((alert.details as { rules: string[] }).rules.some((r) => r.startsWith("atr.ATR-"))).toBe(true);
    // The flag rollup the risk_flag alert rules read counts it, at the call's minute.
    const [row] = await db().$queryRaw<{ calls: number }[]>`
      SELECT sum(calls)::int AS calls FROM rollup_flag_minute WHERE gateway_id = ${gw.gatewayId}::uuid AND tool = 'read_message' AND flag = 'prompt_injection'`;
    expect(row?.calls).toBe(1);
    expect(await metric('warden_gateway_heavy_outputs_total{result="flagged"}')).toBe(1);
    expect(await metric('warden_gateway_late_flags_total{outcome="delivered"}')).toBe(1);

    // The same output again is not scanned again (dedupe by hash), yet its call is flagged too.
    await client.callTool({ name: "evil__read_message", arguments: { n: 1 } });
    await waitFor(async () => (await db().event.count({ where: { gatewayId: gw.gatewayId, tool: "read_message", riskFlags: { has: "prompt_injection" } } })) === 2, 60_000, "the repeat's late flag");
    expect(await metric('warden_gateway_heavy_outputs_total{result="deduped"}')).toBe(1);
    expect(await metric('warden_gateway_heavy_outputs_total{result="scanned"}')).toBe(1);
  }, 150_000);
});

describe("POST /api/v1/events/{id}/flags", () => {
  const body = { source: "heavy_output", flags: ["prompt_injection"], findings: [{ flag: "prompt_injection", rule: "atr.ATR-2026-00139", category: "agent_manipulation", severity: "critical", message: "m" }] };
  const postEvent = async (apiKey: string, id: string) => {
    const res = await gatewayApi("/events", apiKey, { body: { events: [{ id, timestamp: new Date().toISOString(), userId: "u", server: "srv", tool: "late_tool", status: "ok", riskFlags: ["pii_redacted"] }] } });
    expect(res.status, res.text).toBe(200);
  };

  it("adds flags to this gateway's event once (idempotent, riskScore recomputed), 404 for another gateway's or an unknown event, 400 naming the field", async () => {
    const a = await createTestGateway();
    const b = await createTestGateway();
    const id = randomUUID();
    await postEvent(a.apiKey, id);

    const first = await gatewayApi(`/events/${id}/flags`, a.apiKey, { body });
    expect(first.status, first.text).toBe(200);
    expect(AddEventFlagsResponse.parse(first.json)).toEqual({ eventId: id, added: ["prompt_injection"], riskFlags: ["pii_redacted", "prompt_injection"], riskScore: 76 });
    const again = await gatewayApi(`/events/${id}/flags`, a.apiKey, { body });
    expect(again.json).toMatchObject({ added: [], riskFlags: ["pii_redacted", "prompt_injection"] });
    expect((await db().event.findFirstOrThrow({ where: { id } })).riskFlags).toEqual(["pii_redacted", "prompt_injection"]);
    const [row] = await db().$queryRaw<{ calls: number }[]>`
      SELECT sum(calls)::int AS calls FROM rollup_flag_minute WHERE gateway_id = ${a.gatewayId}::uuid AND tool = 'late_tool' AND flag = 'prompt_injection'`;
    expect(row?.calls).toBe(1);

    const other = await gatewayApi(`/events/${id}/flags`, b.apiKey, { body });
    expect(other.status).toBe(404);
    expect(other.json.error.code).toBe("not_found");
    expect((await gatewayApi(`/events/${randomUUID()}/flags`, a.apiKey, { body })).status).toBe(404);
    expect((await gatewayApi(`/events/not-a-uuid/flags`, a.apiKey, { body })).status).toBe(404);

    const bad = await gatewayApi(`/events/${id}/flags`, a.apiKey, { body: { ...body, flags: ["Not A Flag"] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path)).toContain("flags[0]");
    expect((await gatewayApi(`/events/${id}/flags`, a.apiKey, { body: { ...body, extra: 1 } })).status).toBe(400);
    const doc = (await (await fetch(`${baseUrl()}/api/v1/openapi.json`)).json()) as { paths: Record<string, { post?: { description?: string } }> };
    expect(doc.paths["/api/v1/events/{id}/flags"]?.post?.description).toContain("events:write");
  });

  it("a late flag found while Warden is down waits in late-flags.jsonl across a restart, is retried while Warden does not have the event yet (404), and lands once it does", async () => {
    const a = await createTestGateway();
    const dir = await tempDir("late-flags-");
    const id = randomUUID();
    const flag = { eventId: id, server: "srv", tool: "late_tool", flags: ["prompt_injection"], findings: body.findings as never };

    const down = await openLateFlagQueue({ dir, api: createWardenGatewayApi({ baseUrl: await deadUrl(), apiKey: a.apiKey }), log: quietLog, firstDelayMs: 0 });
    await down.add(flag);
    expect(await down.drained(300)).toBe(false);
    expect(down.stats()).toMatchObject({ pending: 1, delivered: 0 });
    await down.close();

    // Reopened against Warden, which has not stored the event yet: 404, kept, retried.
    const up = await openLateFlagQueue({ dir, api: createWardenGatewayApi({ baseUrl: baseUrl(), apiKey: a.apiKey }), log: quietLog, firstDelayMs: 0 });
    expect(up.stats().pending).toBe(1);
    expect(await up.drained(1_500)).toBe(false); // answered 404 meanwhile: kept
    expect(up.stats()).toMatchObject({ pending: 1, delivered: 0, dropped: 0 });
    await postEvent(a.apiKey, id);
    expect(await up.drained(30_000)).toBe(true);
    expect(up.stats()).toMatchObject({ pending: 0, delivered: 1, dropped: 0 });
    await up.close();
    expect((await db().event.findFirstOrThrow({ where: { id } })).riskFlags).toContain("prompt_injection");
  }, 60_000);
});
