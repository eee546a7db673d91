import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { baseUrl } from "../support/http";
import { setTestServerTrust } from "../support/inventory";
import type { TrustPolicy } from "../../lib/inventory/schema";

// Real processes for the proxy tests: the gateway CLI (bin/warden-gateway.mjs, the bin an MCP client
// spawns), the reference servers over stdio or Streamable HTTP, and the SDK's Client in front.

export const EVERYTHING = path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
export const MEMORY = path.resolve("node_modules/@modelcontextprotocol/server-memory/dist/index.js");
export const GATEWAY_BIN = path.resolve("bin/warden-gateway.mjs");
export const INSPECTOR_CLI = path.resolve("node_modules/@modelcontextprotocol/inspector-cli/build/cli.js");
export const KEY_ENV = "WARDEN_GATEWAY_TEST_KEY";

const cleanups: (() => Promise<unknown>)[] = [];
export async function cleanupProxies() {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
}

export async function tempDir(prefix = "proxy-") {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export const everythingStdio = () => ({ command: process.execPath, args: [EVERYTHING, "stdio"] });
export const memoryStdio = (file: string) => ({ command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: file } });

/** server-everything in its Streamable HTTP mode on a free port (it binds every interface: we only ever use 127.0.0.1). */
export async function startEverythingHttp(o: { port?: number } = {}): Promise<{ url: string; child: ChildProcess; port: number }> {
  const port = o.port ?? (await freePort());
  const child = spawn(process.execPath, [EVERYTHING, "streamableHttp"], { env: { PATH: process.env.PATH ?? "", PORT: String(port) } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "ignore"] });
  cleanups.push(async () => child.kill("SIGKILL"));
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitFor(async () => {
    try {
      const res = await fetch(url, { method: "GET" });
      await res.arrayBuffer();
      return true;
    } catch {
      return false;
    }
  }, 30_000, "server-everything over HTTP");
  return { url, child, port };
}

/**
 * Writes a gateway config file (warden = the test suite's Warden) and returns its path. Each of its servers
 * gets an explicit trust policy in Warden's tool inventory (issue 17): `open` unless `trust` names another,
 * so pass-through tests see their tools (Warden's default, `review`, would hide them until approved).
 */
export async function writeGatewayConfig(config: Record<string, unknown>, dir?: string, o: { trust?: Record<string, TrustPolicy> } = {}): Promise<{ file: string; dir: string }> {
  for (const server of Object.keys((config.mcpServers as Record<string, unknown> | undefined) ?? {}))
    await setTestServerTrust(server, o.trust?.[server] ?? "open");
  const d = dir ?? (await tempDir("gwcfg-"));
  const file = path.join(d, "gateway.json");
  const full = { warden: { url: baseUrl(), apiKeyEnv: KEY_ENV }, spool: { dir: path.join(d, "spool") }, ...config };
  await writeFile(file, JSON.stringify(full, null, 2));
  return { file, dir: d };
}

export interface GatewayChild {
  child: ChildProcess;
  url?: string;
  logs: string[];
  exited: Promise<number | null>;
}

/** Runs `warden-gateway --config FILE` as a child (HTTP listener); resolves once it listens. */
export async function startGatewayChild(o: { file: string; apiKey: string; extraEnv?: Record<string, string> }): Promise<GatewayChild> {
  const child = spawn(process.execPath, [GATEWAY_BIN, "--config", o.file], {
    env: { ...process.env, [KEY_ENV]: o.apiKey, LOG_LEVEL: "info", ...o.extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      child.kill("SIGKILL");
    }
  });
  let url: string | undefined;
  let buf = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (t: string) => {
    buf += t;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      logs.push(line);
      try {
        const j = JSON.parse(line);
        if (j.msg?.startsWith("listening")) url = j.url;
      } catch {
        /* not JSON */
      }
    }
  });
  await Promise.race([
    waitFor(async () => url, 60_000, "the gateway to listen"),
    exited.then((code) => {
      throw new Error(`gateway exited (${code}) before listening:\n${logs.join("\n")}`);
    }),
  ]);
  return { child, url, logs, exited };
}

/** The SDK Client on the gateway's HTTP endpoint with a bearer token. */
export async function httpClient(url: string, token: string, name = "proxy-test"): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  cleanups.push(() => client.close());
  return client;
}

/** The SDK Client spawning `warden-gateway --config FILE --stdio`, as Claude Desktop would. */
export async function stdioGatewayClient(o: { file: string; apiKey: string; name?: string; env?: Record<string, string> }): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [GATEWAY_BIN, "--config", o.file, "--stdio"],
    env: { ...(process.env as Record<string, string>), [KEY_ENV]: o.apiKey, ...o.env },
    stderr: "ignore",
  });
  const client = new Client({ name: o.name ?? "proxy-stdio-test", version: "1.0.0" });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport };
}

export const textOf = (result: unknown) =>
  ((result as { content?: { type: string; text?: string }[] }).content ?? []).map((c) => c.text ?? "").join("\n");

export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
