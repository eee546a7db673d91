import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { Forward, GatewayCall, GatewayEvent } from "../../lib/gateway/call";
import type { ChainConfig } from "../../lib/gateway/chain/chain-config";
import { createCallChain } from "../../lib/gateway/chain/run-call";
import type { OutputStage } from "../../lib/gateway/chain/stage";
import { openSpool, type Spool } from "../../lib/gateway/spool/open-spool";
import { createPolicyClient, type PolicyClient } from "../../lib/gateway/warden/policy-client";
import { createWardenGatewayApi, type WardenGatewayApi } from "../../lib/gateway/warden/create-warden-gateway-api";
import { baseUrl } from "../support/http";

// The pieces of the chain tests: a real spool in a temp dir, a real policy client and Warden API client
// (against the test suite's Warden, or a closed port for "Warden unreachable"), and server-everything over
// stdio as the upstream.

export const quietLog = { debug() {}, info() {}, warn() {}, error() {} };

const cleanups: (() => Promise<void>)[] = [];
export async function cleanupChains() {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
}

export async function tempDir(prefix = "chain-") {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function openTestSpool(o: { dir?: string; capBytes?: number } = {}): Promise<Spool> {
  const spool = await openSpool({ dir: o.dir ?? (await tempDir("spool-")), capBytes: o.capBytes ?? 64 * 1024 * 1024, whenFull: "refuse", log: quietLog });
  cleanups.push(() => spool.close());
  return spool;
}

/** The finished events in the spool, by id (after the commit the answers do not wait for). */
export async function spooledEvents(spool: Spool): Promise<Map<string, GatewayEvent>> {
  await spool.committed();
  const { events } = await spool.readPending({ maxEvents: 10_000 });
  return new Map(events.map((e) => [e.id, e as GatewayEvent]));
}

/** A URL where nothing listens (a port taken and released). */
export async function deadUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

export function makeCall(over: Partial<GatewayCall> = {}): GatewayCall {
  return {
    id: randomUUID(),
    method: "tools/call",
    server: "everything",
    tool: "echo",
    params: { message: "hello" },
    identity: { userId: "alice@example.com", team: "finance", source: "config" },
    agent: "chain-test",
    sessionId: "s-1",
    signal: new AbortController().signal,
    startedAt: new Date(),
    ...over,
  };
}

export async function startPolicy(o: { apiKey: string; url?: string; cacheFile?: string; refreshMs?: number; fetch?: typeof fetch }): Promise<{ policy: PolicyClient; api: WardenGatewayApi; cacheFile: string }> {
  const api = createWardenGatewayApi({ baseUrl: o.url ?? baseUrl(), apiKey: o.apiKey, requestTimeoutMs: 5_000, fetch: o.fetch });
  const cacheFile = o.cacheFile ?? path.join(await tempDir("policy-"), "policy.json");
  const policy = createPolicyClient({ api, cacheFile, refreshMs: o.refreshMs ?? 60_000, log: quietLog });
  await policy.start();
  cleanups.push(async () => policy.close());
  return { policy, api, cacheFile };
}

/** A chain on the real Warden with a real spool; `wardenUrl` points the Warden calls elsewhere (the policy still comes from the real one). */
export async function makeChain(o: {
  apiKey: string;
  config?: Partial<ChainConfig>;
  spool?: Spool;
  outputStage?: OutputStage;
  wardenUrl?: string;
  keys?: Parameters<typeof createCallChain>[0]["keys"];
  policy?: PolicyClient;
  /** Wraps the Warden client (to act at a given moment of the chain). */
  wrapWarden?: (api: WardenGatewayApi) => WardenGatewayApi;
}) {
  const spool = o.spool ?? (await openTestSpool());
  const policy = o.policy ?? (await startPolicy({ apiKey: o.apiKey })).policy;
  const api = createWardenGatewayApi({ baseUrl: o.wardenUrl ?? baseUrl(), apiKey: o.apiKey, requestTimeoutMs: 5_000 });
  const warden = o.wrapWarden ? o.wrapWarden(api) : api;
  const events: GatewayEvent[] = [];
  const chain = createCallChain({
    policy,
    warden,
    spool,
    config: { defaults: { timeoutMs: 20_000 }, approvals: { pollSeconds: 2, progressMs: 200 }, ...o.config },
    outputStage: o.outputStage,
    log: quietLog,
    counters: { callFinished: (e) => events.push(structuredClone(e)) },
    keys: o.keys,
  });
  return { chain, spool, policy, warden, events };
}

/** server-everything over stdio through the SDK's Client; `forward` sends tools/call with the chain's signal and timeout. */
export async function startEverything(): Promise<{ client: Client; forward: Forward; signals: AbortSignal[] }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js"), "stdio"],
    stderr: "ignore",
  });
  const client = new Client({ name: "chain-test-upstream", version: "1.0.0" });
  await client.connect(transport);
  cleanups.push(() => client.close());
  const signals: AbortSignal[] = [];
  const forward: Forward = async (call, { signal, timeoutMs }) => {
    signals.push(signal);
    return client.callTool({ name: call.tool, arguments: call.params }, { signal, timeout: timeoutMs + 1000 });
  };
  return { client, forward, signals };
}

export const textOf = (result: unknown) =>
  ((result as { content?: { type: string; text?: string }[] }).content ?? [])
    .map((c) => c.text ?? "")
    .join("\n");

/** Resolves when `check` returns a value (polling), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
