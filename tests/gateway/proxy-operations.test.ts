import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createTestGateway } from "../support/gateways";
import {
  cleanupProxies,
  everythingStdio,
  freePort,
  GATEWAY_BIN,
  httpClient,
  INSPECTOR_CLI,
  KEY_ENV,
  startGatewayChild,
  tempDir,
  textOf,
  waitFor,
  writeGatewayConfig,
  type GatewayChild,
} from "./proxy-support";

// warden-gateway in operation: a bad config refused, progress and cancellation relayed, an upstream that
// crashes restarted, a gateway killed mid-call reporting the call after restart, resources/read recorded,
// a second independent client (the MCP Inspector's CLI), /healthz and /metrics.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let g: GatewayChild;
let configFile: string;
const token = randomBytes(24).toString("base64url");
beforeAll(async () => {
  gw = await createTestGateway();
  const port = await freePort();
  ({ file: configFile } = await writeGatewayConfig({
    mcpServers: { everything: everythingStdio() },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: { staticTokens: [{ name: "ops", sha256: createHash("sha256").update(token).digest("hex"), userId: "ops-user", team: "ops" }] },
    // long enough that only a cancellation ends the disconnect test's call
    tools: { "everything/trigger-long-running-operation": { timeoutMs: 3_600_000 } },
  }));
  g = await startGatewayChild({ file: configFile, apiKey: gw.apiKey });
});
afterAll(cleanupProxies);

const health = async (url: string) => (await fetch(`${url}/healthz`)).json();

describe("warden-gateway configuration", () => {
  it("a config with an unknown field is refused, naming the field and its path", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({ warden: { url: "http://127.0.0.1:1" }, mcpServers: { everything: { command: "node", comand: "typo" } }, listners: {} }),
    );
    const r = spawnSync(process.execPath, [GATEWAY_BIN, "--config", file, "--check"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('mcpServers.everything.comand: unknown field "comand"');
    expect(r.stderr).toContain('listners: unknown field "listners"');
  });

  it("a literal Authorization header in the file is refused (secrets come from env vars)", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "secret.json");
    await writeFile(file, JSON.stringify({ warden: { url: "http://127.0.0.1:1" }, mcpServers: { r: { url: "https://mcp.example.test/mcp", headers: { Authorization: "Bearer sk-literal" } } } }));
    const r = spawnSync(process.execPath, [GATEWAY_BIN, "--config", file, "--check"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("mcpServers.r.headers.Authorization");
  });
});

describe("warden-gateway in operation", () => {
  it("relays the upstream's progress notifications to the caller's progress token", async () => {
    const client = await httpClient(`${g.url}/mcp`, token);
    const progress: number[] = [];
    const result = await client.callTool(
      { name: "everything__trigger-long-running-operation", arguments: { duration: 1, steps: 3 } },
      { onprogress: (p) => progress.push(p.progress), timeout: 60_000 },
    );
    expect(textOf(result)).toMatch(/completed/i);
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it("a caller's cancellation aborts the call upstream and the call is recorded as not ok", async () => {
    const client = await httpClient(`${g.url}/mcp`, token, "cancel-client");
    const abort = new AbortController();
    const call = client.callTool(
      { name: "everything__trigger-long-running-operation", arguments: { duration: 30, steps: 30 } },
      { signal: abort.signal, onprogress: () => abort.abort(), timeout: 120_000 },
    );
    await expect(call).rejects.toThrow();
    const event = await waitFor(
      () => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool: "trigger-long-running-operation", agent: "cancel-client" } }),
      60_000,
      "the cancelled call's event",
    );
    expect(event.status).not.toBe("ok");
  });

  it("an HTTP client that hangs up mid-call cancels the call (recorded, not left running)", async () => {
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}` };
    const init = await fetch(`${g.url}/mcp`, {
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "hangup-client", version: "1" } } }),
    });
    const session = init.headers.get("mcp-session-id")!;
    await init.arrayBuffer();
    const h = { ...headers, "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" };
    await (await fetch(`${g.url}/mcp`, { method: "POST", headers: h, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) })).arrayBuffer();
    const abort = new AbortController();
    const res = await fetch(`${g.url}/mcp`, {
      method: "POST",
      headers: h,
      signal: abort.signal,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "everything__trigger-long-running-operation", arguments: { duration: 3000, steps: 3000 }, _meta: { progressToken: "p1" } },
      }),
    });
    const reader = res.body!.getReader();
    let seen = "";
    while (!seen.includes("notifications/progress")) seen += new TextDecoder().decode((await reader.read()).value);
    abort.abort(); // hang up
    const event = await waitFor(
      () => db().event.findFirst({ where: { gatewayId: gw.gatewayId, agent: "hangup-client" } }),
      120_000,
      "the abandoned call's event",
    );
    expect(event.status).not.toBe("ok");
  });

  it("an upstream that crashes is restarted and serves calls again", async () => {
    const before = (await health(g.url!)).upstreams[0];
    expect(before.status).toBe("up");
    process.kill(before.pid, "SIGKILL");
    const after = await waitFor(async () => {
      const u = (await health(g.url!)).upstreams[0];
      return u.status === "up" && u.pid !== before.pid ? u : null;
    }, 60_000, "the upstream to restart");
    expect(after.restarts).toBeGreaterThan(before.restarts);
    const client = await httpClient(`${g.url}/mcp`, token);
    expect(textOf(await client.callTool({ name: "everything__echo", arguments: { message: "after restart" } }))).toContain("after restart");
  });

  it("resources/read goes through the chain and is recorded as an event (tool = the method)", async () => {
    const client = await httpClient(`${g.url}/mcp`, token, "resource-client");
    const { resources } = await client.listResources();
    expect(resources.length).toBeGreaterThan(0);
    const read = await client.readResource({ uri: resources[0]!.uri });
    expect(read.contents.length).toBeGreaterThan(0);
    const event = await waitFor(
      () => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool: "resources/read", agent: "resource-client" } }),
      30_000,
      "the resources/read event",
    );
    expect(event.server).toBe("everything");
    expect(event.status).toBe("ok");
  });

  // Three Inspector processes and a stdio gateway start one after another: ~19 s on a loaded machine.
  it("the MCP Inspector's CLI lists and calls through the gateway over HTTP and over stdio", { timeout: 120_000 }, async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [INSPECTOR_CLI.replace(/cli\.js$/, "index.js"), ...args], {
          env: { ...process.env, [KEY_ENV]: gw.apiKey },
          // inspector-cli 1.0.3 finds its own package.json relative to the working directory
          cwd: path.dirname(INSPECTOR_CLI),
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("exit", (code) => resolve({ code, out, err }));
      });
    const auth = ["--header", `Authorization: Bearer ${token}`];
    const list = await run([`${g.url}/mcp`, "--transport", "http", ...auth, "--method", "tools/list"]);
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).tools.map((t: { name: string }) => t.name)).toContain("everything__echo");
    const call = await run([`${g.url}/mcp/everything`, "--transport", "http", ...auth, "--method", "tools/call", "--tool-name", "echo", "--tool-arg", "message=inspector"]);
    expect(call.code, call.err).toBe(0);
    expect(call.out).toContain("inspector");
    // Its own config (own spool: one gateway process per spool directory).
    const { file: stdioConfig } = await writeGatewayConfig({ mcpServers: { everything: everythingStdio() }, identity: { userId: "inspector-stdio-user" } });
    // The command comes first; inspector-cli passes the options it does not know (--config, --stdio) to it.
    const stdio = await run([process.execPath, GATEWAY_BIN, "--config", stdioConfig, "--stdio", "--method", "tools/call", "--tool-name", "everything__echo", "--tool-arg", "message=inspector-stdio"]);
    expect(stdio.code, stdio.err).toBe(0);
    expect(stdio.out).toContain("inspector-stdio");
  });

  it("/healthz reports upstreams, policy and spool; /metrics is Prometheus text with calls, latency, spool depth and policy age", async () => {
    const h = await health(g.url!);
    expect(h.upstreams[0].name).toBe("everything");
    expect(h.spool.capBytes).toBeGreaterThan(0);
    const metrics = await (await fetch(`${g.url}/metrics`)).text();
    expect(metrics).toContain('warden_gateway_calls_total{status="ok"');
    expect(metrics).toContain("warden_gateway_call_duration_seconds_bucket");
    expect(metrics).toContain("warden_gateway_spool_depth_events");
    expect(metrics).toContain("warden_gateway_policy_age_seconds");
  });
});

describe("warden-gateway crash", () => {
  it("kill -9 of the gateway mid-call: after restart the call is reported with errorType gateway_restarted", { timeout: 240_000 }, async () => {
    const port = await freePort();
    const { file } = await writeGatewayConfig({
      mcpServers: { everything: everythingStdio() },
      listeners: { http: { host: "127.0.0.1", port } },
      auth: { staticTokens: [{ name: "ops", sha256: createHash("sha256").update(token).digest("hex"), userId: "crash-user" }] },
    });
    const first = await startGatewayChild({ file, apiKey: gw.apiKey });
    const client = await httpClient(`${first.url}/mcp`, token, "crash-client");
    let progressed!: () => void;
    const started = new Promise<void>((r) => (progressed = r));
    const abort = new AbortController();
    void client
      .callTool({ name: "everything__trigger-long-running-operation", arguments: { duration: 60, steps: 60 } }, { onprogress: () => progressed(), signal: abort.signal, timeout: 120_000 })
      .catch(() => undefined);
    await started; // forwarded: its "started" record is in the spool
    first.child.kill("SIGKILL");
    await first.exited;
    abort.abort();
    await startGatewayChild({ file, apiKey: gw.apiKey });
    const event = await waitFor(
      () => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool: "trigger-long-running-operation", errorType: "gateway_restarted" } }),
      60_000,
      "the interrupted call's event",
    );
    expect(event.status).toBe("error");
    expect(event.userId).toBe("crash-user");
  });
});
