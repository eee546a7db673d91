// npm run bench:gateway — what warden-gateway adds to an MCP call, next to calling the server directly and
// next to mcp-proxy (npm's most used TypeScript MCP proxy), in one run on the same upstream:
// server-everything's echo tool over stdio and over Streamable HTTP, at 1 and 16 concurrent clients.
//   Warden: WARDEN_URL + WARDEN_API_KEY, or (unset) an embedded Postgres + Warden from WARDEN_DIST_DIR. With an
//   external Warden, set the servers "stdio" and "http" to trust-on-first-use on its Tools page first.
//   The gateway runs with policy and recording on (durable spool, group-committed fsync), no approval rule.
//   BENCH_SECONDS per cell (default 2). Prints added p50/p99, calls/s, the gateway's RSS, CPU per call, fsyncs.
//   BENCH_ONLY: a regex on the path names to measure only some (direct rows are kept for the ratios);
//   BENCH_CLIENTS: e.g. "16" (default "1,16"); BENCH_GATEWAY_NODE_ARGS: node flags for the HTTP gateway
//   process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (the profile is written when the bench stops it).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, createHash, randomUUID } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const EVERYTHING = path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const GATEWAY_BIN = path.resolve(process.env.BENCH_GATEWAY_BIN ?? "bin/warden-gateway.mjs"); // another checkout's, to compare
const MCP_PROXY = path.resolve("node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs");
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitHttp(url: string, what: string) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${what} did not come up at ${url}`);
}
function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}, cwd?: string): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], cwd });
  child.stderr!.resume();
  children.push(child);
  return child;
}

/** A connected client; `pid` is the stdio child it spawned (to read a stdio gateway's CPU time). */
type Connect = () => Promise<{ client: Client; pid?: number }>;
const httpConnect = (url: string, headers: Record<string, string> = {}): Connect => async () => {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return { client };
};
const stdioConnect = (command: string, args: string[], env: Record<string, string> = {}): Connect => async () => {
  const client = new Client({ name: "bench", version: "1" });
  const transport = new StdioClientTransport({ command, args, env: { ...(process.env as Record<string, string>), ...env }, stderr: "ignore" });
  await client.connect(transport);
  return { client, pid: transport.pid ?? undefined };
};

interface Cell {
  calls: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPerCall?: number;
  fsyncsPerCall?: number;
}
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;

/** CPU time (user+system) of a pid in ms, from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * `clients` concurrent clients (HTTP: one connection each; stdio direct: one connection, `clients` calls in
 * flight — a stdio server has one client), each calling echo back to back for SECONDS.
 */
async function measure(o: { connect: Connect; clients: number; tool?: string; shareOne?: boolean; gatewayPid?: number; gatewayUrl?: string; stdioGateway?: boolean }): Promise<Cell> {
  const n = o.shareOne ? 1 : o.clients;
  const connected = await Promise.all(Array.from({ length: n }, () => o.connect()));
  const clients = connected.map((c) => c.client);
  const gatewayPid = o.gatewayPid ?? (o.stdioGateway ? connected[0]!.pid : undefined);
  const call = (c: Client) => c.callTool({ name: o.tool ?? "echo", arguments: { message: "bench" } });
  // Warm up for a second (at least 10 calls each), all clients at once: a freshly spawned stdio gateway or a
  // new session is otherwise measured while V8 still compiles its hot paths.
  const warm = performance.now() + 1000;
  await Promise.all(clients.map(async (c) => {
    for (let i = 0; i < 10 || performance.now() < warm; i++) await call(c);
  }));
  const lat: number[] = [];
  const cpu0 = gatewayPid ? await cpuMs(gatewayPid) : 0;
  const io0 = o.gatewayUrl ? await spoolIo(o.gatewayUrl) : undefined;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async (_, i) => {
      const c = clients[o.shareOne ? 0 : i]!;
      while (performance.now() < end) {
        const t = performance.now();
        await call(c);
        lat.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = gatewayPid ? await cpuMs(gatewayPid) : 0;
  const io1 = o.gatewayUrl ? await spoolIo(o.gatewayUrl) : undefined;
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  lat.sort((a, b) => a - b);
  return {
    calls: lat.length,
    perSecond: lat.length / elapsed,
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    cpuMsPerCall: gatewayPid ? (cpu1 - cpu0) / lat.length : undefined,
    fsyncsPerCall: io0 && io1 ? (io1.commits - io0.commits) / lat.length : undefined,
  };
}

async function spoolIo(url: string): Promise<{ commits: number; records: number }> {
  const h = (await (await fetch(`${url}/healthz`)).json()) as { spool: { io: { commits: number; records: number } } };
  return h.spool.io;
}

/** Time of one small durable append on this disk, as the spool commits (an O_DSYNC write where the OS has it). */
async function fsyncMs(dir: string): Promise<number> {
  const dsync = typeof fsConstants.O_DSYNC === "number" && fsConstants.O_DSYNC > 0 && process.platform !== "win32";
  const file = path.join(dir, "fsync-probe");
  const f = dsync ? await open(file, fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_DSYNC) : await open(file, "a");
  const buf = Buffer.alloc(512, 1);
  const t = performance.now();
  for (let i = 0; i < 100; i++) {
    await f.write(buf);
    if (!dsync) await f.datasync();
  }
  const per = (performance.now() - t) / 100;
  await f.close();
  return per;
}

async function withWarden<T>(fn: (w: { url: string; apiKey: string }) => Promise<T>): Promise<T> {
  if (process.env.WARDEN_URL && process.env.WARDEN_API_KEY) return fn({ url: process.env.WARDEN_URL, apiKey: process.env.WARDEN_API_KEY });
  const { withTemporaryPostgres } = await import("../lib/db/embedded-postgres");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { startAppServer } = await import("../tests/support/app-server");
  return withTemporaryPostgres(async (dbUrl) => {
    await applyMigrations(dbUrl);
    process.env.DATABASE_URL = dbUrl;
    const server = await startAppServer({ databaseUrl: dbUrl, name: "bench-gateway", env: { WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next", LOG_LEVEL: "warn" } });
    try {
      const { createGateway } = await import("../lib/gateways/create-gateway");
      const gw = await createGateway({ input: { name: `bench-${randomUUID().slice(0, 8)}` }, actor: { email: "bench" } });
      // The gateway's guards show a server's tools only once trusted (Warden's default trust policy is review).
      const { setServerTrustPolicy } = await import("../lib/inventory/set-server-trust-policy");
      for (const server of ["stdio", "http"]) await setServerTrustPolicy({ server, input: { trustPolicy: "trust-on-first-use" }, actor: { email: "bench" } });
      return await fn({ url: server.url, apiKey: gw.apiKey });
    } finally {
      await server.stop();
      const { closeDb } = await import("../lib/db");
      await closeDb().catch(() => undefined);
    }
  });
}

async function main() {
  const started = performance.now();
  const dir = await mkdtemp(path.join(tmpdir(), "bench-gateway-"));
  try {
    await withWarden(async (warden) => {
      // Upstreams: server-everything over HTTP (one process); over stdio each path spawns its own.
      const upPort = await freePort();
      run(process.execPath, [EVERYTHING, "streamableHttp"], { PORT: String(upPort) });
      const upstreamHttp = `http://127.0.0.1:${upPort}/mcp`;
      await waitHttp(upstreamHttp, "server-everything (HTTP)");

      // warden-gateway: HTTP listener, the stdio and the HTTP upstream.
      const token = randomBytes(24).toString("base64url");
      const gwPort = await freePort();
      const config = {
        warden: { url: warden.url, apiKeyEnv: "BENCH_WARDEN_KEY" },
        mcpServers: { stdio: { command: process.execPath, args: [EVERYTHING, "stdio"] }, http: { url: upstreamHttp } },
        listeners: { http: { host: "127.0.0.1", port: gwPort } },
        identity: { userId: "bench-user", team: "bench" },
        auth: { staticTokens: [{ name: "bench", sha256: createHash("sha256").update(token).digest("hex"), userId: "bench-user", team: "bench" }] },
        spool: { dir: path.join(dir, "spool"), capBytes: 1024 * 1024 * 1024, whenFull: "refuse" },
      };
      const configFile = path.join(dir, "gateway.json");
      await writeFile(configFile, JSON.stringify(config));
      const nodeArgs = process.env.BENCH_GATEWAY_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
      const gateway = run(process.execPath, [...nodeArgs, GATEWAY_BIN, "--config", configFile], { BENCH_WARDEN_KEY: warden.apiKey, LOG_LEVEL: "warn" });
      const gatewayUrl = `http://127.0.0.1:${gwPort}`;
      await waitHttp(`${gatewayUrl}/healthz`, "warden-gateway");
      for (let i = 0; i < 300; i++) {
        const h = (await (await fetch(`${gatewayUrl}/healthz`)).json()) as { policy: { etag: string | null } };
        if (h.policy.etag !== null || i === 299) break;
        await sleep(100);
      }
      // BENCH_COMPARE_BIN: a second HTTP gateway from another checkout (own port and spool), measured in the same
      // run as this one, interleaved: on a busy machine only rows of one run compare.
      let compare: { pid: number; url: string } | undefined;
      if (process.env.BENCH_COMPARE_BIN) {
        const port = await freePort();
        const file = path.join(dir, "gateway-compare.json");
        await writeFile(file, JSON.stringify({ ...config, listeners: { http: { host: "127.0.0.1", port } }, spool: { ...config.spool, dir: path.join(dir, "spool-compare") } }));
        const child = run(process.execPath, [path.resolve(process.env.BENCH_COMPARE_BIN), "--config", file], { BENCH_WARDEN_KEY: warden.apiKey, LOG_LEVEL: "warn" });
        compare = { pid: child.pid!, url: `http://127.0.0.1:${port}` };
        await waitHttp(`${compare.url}/healthz`, "warden-gateway (compare)");
      }
      const stdioConfigFile = path.join(dir, "gateway-stdio.json");
      await writeFile(stdioConfigFile, JSON.stringify({ ...config, listeners: {}, spool: { ...config.spool, dir: path.join(dir, "spool-stdio") } }));

      // mcp-proxy: a stdio upstream served over Streamable HTTP (the path both can serve).
      const mpPort = await freePort();
      const mcpProxy = run(process.execPath, [MCP_PROXY, "--port", String(mpPort), "--host", "127.0.0.1", "--server", "stream", "--", process.execPath, EVERYTHING, "stdio"]);
      const mcpProxyUrl = `http://127.0.0.1:${mpPort}/mcp`;
      await waitHttp(`http://127.0.0.1:${mpPort}/ping`, "mcp-proxy");

      const auth = { authorization: `Bearer ${token}` };
      const paths: { name: string; upstream: "stdio" | "http"; connect: Connect; tool?: string; direct?: boolean; shareOne?: boolean; gateway?: boolean; stdioGateway?: boolean; proxyPid?: number; healthUrl?: string }[] = [
        { name: "direct (stdio)", upstream: "stdio", connect: stdioConnect(process.execPath, [EVERYTHING, "stdio"]), direct: true, shareOne: true },
        { name: "warden-gateway HTTP → stdio", upstream: "stdio", connect: httpConnect(`${gatewayUrl}/mcp/stdio`, auth), gateway: true },
        ...(compare ? [{ name: "compare-gateway HTTP → stdio", upstream: "stdio" as const, connect: httpConnect(`${compare.url}/mcp/stdio`, auth), proxyPid: compare.pid, healthUrl: compare.url }] : []),
        { name: "mcp-proxy HTTP → stdio", upstream: "stdio", connect: httpConnect(mcpProxyUrl), proxyPid: mcpProxy.pid },
        { name: "warden-gateway stdio → stdio", upstream: "stdio", connect: stdioConnect(process.execPath, [GATEWAY_BIN, "--config", stdioConfigFile, "--stdio"], { BENCH_WARDEN_KEY: warden.apiKey, LOG_LEVEL: "warn" }), tool: "stdio__echo", shareOne: true, stdioGateway: true },
        { name: "direct (HTTP)", upstream: "http", connect: httpConnect(upstreamHttp), direct: true },
        { name: "warden-gateway HTTP → HTTP", upstream: "http", connect: httpConnect(`${gatewayUrl}/mcp/http`, auth), gateway: true },
      ];
      // Until the spool has been delivered: a cell's events reach Warden (an insert and a WAL fsync each batch)
      // before the next cell starts, so no cell pays for the one before it.
      const settle = async () => {
        for (const url of [gatewayUrl, ...(compare ? [compare.url] : [])])
          for (let i = 0; i < 200; i++) {
            const h = (await (await fetch(`${url}/healthz`)).json()) as { spool: { depthEvents: number } };
            if (h.spool.depthEvents === 0) break;
            await sleep(50);
          }
      };
      // Warm the whole path once, Warden's ingest included: right after start-up the first measured cell
      // otherwise shares the 2 cores with Warden compiling its ingest path for the first events.
      await measure({ connect: paths[1]!.connect, clients: 4, shareOne: false });
      await settle();
      const results: { name: string; upstream: string; clients: number; cell: Cell }[] = [];
      const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
      const clientCounts = (process.env.BENCH_CLIENTS ?? "1,16").split(",").map(Number);
      for (const clients of clientCounts)
        for (const p of paths) {
          if (only && !p.direct && !only.test(p.name)) continue;
          await settle();
          const cell = await measure({ connect: p.connect, clients, tool: p.tool, shareOne: p.shareOne, gatewayPid: p.gateway ? gateway.pid : p.proxyPid, gatewayUrl: p.gateway ? gatewayUrl : p.healthUrl, stdioGateway: p.stdioGateway });
          results.push({ name: p.name, upstream: p.upstream, clients, cell });
          process.stderr.write(`  ${p.name} × ${clients}: ${cell.perSecond.toFixed(0)} calls/s\n`);
        }
      const rss = await rssMb(gateway.pid!);
      const fsync = await fsyncMs(dir);
      if (nodeArgs.length) {
        // Stop the gateway while Warden is still up, so it exits cleanly and writes its profile.
        const exited = new Promise((r) => gateway.once("exit", r));
        gateway.kill("SIGTERM");
        await Promise.race([exited, sleep(20_000)]);
      }

      const f = (v: number | undefined, d = 2) => (v === undefined ? "—" : v.toFixed(d));
      console.log(`\nbench:gateway — server-everything echo, ${SECONDS} s per cell, ${process.env.WARDEN_URL ? "external" : "embedded"} Warden, Node ${process.version}`);
      console.log("path                              | clients | p50 ms | p99 ms | added p50 | added p99 | same-transport added p50 | calls/s | × direct | proxy CPU ms/call | fsyncs/call");
      console.log("----------------------------------|---------|--------|--------|-----------|-----------|--------------------------|---------|----------|-------------------|------------");
      for (const r of results) {
        const direct = results.find((d) => d.clients === r.clients && d.upstream === r.upstream && d.name.startsWith("direct"))!;
        const sameTransport = results.find((d) => d.clients === r.clients && d.name === (r.name.includes("HTTP →") ? "direct (HTTP)" : "direct (stdio)"))!;
        const isDirect = r === direct;
        console.log(
          [
            r.name.padEnd(33),
            String(r.clients).padStart(7),
            f(r.cell.p50).padStart(6),
            f(r.cell.p99).padStart(6),
            (isDirect ? "—" : f(r.cell.p50 - direct.cell.p50)).padStart(9),
            (isDirect ? "—" : f(r.cell.p99 - direct.cell.p99)).padStart(9),
            (isDirect ? "—" : f(r.cell.p50 - sameTransport.cell.p50)).padStart(24),
            r.cell.perSecond.toFixed(0).padStart(7),
            (r.cell.perSecond / direct.cell.perSecond).toFixed(2).padStart(8),
            f(r.cell.cpuMsPerCall, 3).padStart(17),
            f(r.cell.fsyncsPerCall, 3).padStart(10),
          ].join(" | "),
        );
      }
      console.log(`\nwarden-gateway RSS after the run: ${rss.toFixed(0)} MB. One 512-byte durable append (as the spool commits) here: ${fsync.toFixed(3)} ms.`);
      console.log("added = p50/p99 minus direct over the same upstream; same-transport added = minus the direct call over the client's transport (HTTP rows: direct HTTP, whose own HTTP serving the gateway's replaces).");
      for (const clients of clientCounts) {
        const g = results.find((r) => r.clients === clients && r.name === "warden-gateway HTTP → stdio");
        if (!g) continue;
        console.log(`fsync cost per call at ${clients} client(s): ${f(g.cell.fsyncsPerCall, 3)} fsyncs/call × ${fsync.toFixed(3)} ms = ${f((g.cell.fsyncsPerCall ?? 0) * fsync, 3)} ms (group commit shares one fsync among concurrent calls)`);
      }
      console.log("proxy CPU ms/call: user+system CPU of the proxy process alone (warden-gateway or mcp-proxy; not its upstream child, nor Warden) per call, from /proc: less sensitive to a busy machine than latency.");
      console.log("mcp-proxy serves only a stdio (command) upstream, over SSE/Streamable HTTP: it cannot serve an HTTP upstream nor a stdio downstream, so those rows have no mcp-proxy peer.");
      console.log("Direct stdio at 16 'clients' is one connection with 16 calls in flight (a stdio server has one client); so is the gateway's stdio downstream.");
      console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
    });
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await sleep(500);
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    for (const c of children) c.kill("SIGKILL");
    process.exit(1);
  },
);
