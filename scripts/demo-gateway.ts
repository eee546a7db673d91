// npm run demo:gateway — warden-gateway in front of three real MCP servers (server-everything,
// server-memory, server-filesystem on a temporary folder), driven by a scripted agent session with the
// SDK's Client. Its file write waits in Warden's approval queue until you decide it in the dashboard.
//   WARDEN_URL=http://localhost:3000 (default): a running Warden (`npm start`); started here if none answers.
//   The gateway and its key are created with the Warden CLI; the approval rule with lib/approvals.
// It also plays a rug pull (issue 17): a fourth server, "acme" (tests/gateway/support/malicious-server.ts),
// changes its tool's description after the tool's first call. The demo seeds trust policies in Warden's tool
// inventory (trust-on-first-use for the reference servers, review for acme), approves acme's tools as a
// security reviewer would, and shows the changed tool hidden and refused, a planted key redacted and an
// injected instruction fenced.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const WARDEN_URL = (process.env.WARDEN_URL ?? "http://localhost:3000").replace(/\/$/, "");
const NODE = process.execPath;
const pkg = (name: string, file: string) => path.resolve("node_modules/@modelcontextprotocol", name, file);
const children: ChildProcess[] = [];
const say = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RUG_PULL_SERVER = "acme";

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function up(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

async function ensureWarden(): Promise<void> {
  if (await up(`${WARDEN_URL}/login`)) {
    say(`Warden: ${WARDEN_URL} (running)`);
    return;
  }
  say(`No Warden at ${WARDEN_URL}: starting one with \`npm start\` (the first start builds the app: a few minutes).`);
  const port = new URL(WARDEN_URL).port || "3000";
  const child = spawn("npm", ["start"], { env: { ...process.env, PORT: port }, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  for (let i = 0; i < 1200 && !(await up(`${WARDEN_URL}/login`)); i++) await sleep(500);
  if (!(await up(`${WARDEN_URL}/login`))) throw new Error("Warden did not start");
}

/** `npm run -s warden -- gateway create`: the gateway and its first key (printed once). */
function createGatewayWithCli(name: string): { gatewayId: string; name: string; apiKey: string } {
  const r = spawnSync("npm", ["run", "-s", "warden", "--", "gateway", "create", "--name", name], { encoding: "utf8", env: process.env });
  if (r.status !== 0) throw new Error(`warden gateway create failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function ensureDatabaseUrl() {
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("../lib/db/embedded-postgres");
    const { parseEnv } = await import("../lib/env");
    const pg = await startEmbeddedPostgres({ dataDir: path.resolve(parseEnv().WARDEN_DATA_DIR) });
    process.env.DATABASE_URL = pg.url;
  }
}

/** Trust policies in Warden's tool inventory: the reference servers trusted on first use, the rug-pull server reviewed. */
async function seedTrustPolicies() {
  await ensureDatabaseUrl();
  const { setServerTrustPolicy } = await import("../lib/inventory/set-server-trust-policy");
  for (const server of ["everything", "memory", "filesystem"])
    await setServerTrustPolicy({ server, input: { trustPolicy: "trust-on-first-use" }, actor: { email: "demo:gateway" } });
  await setServerTrustPolicy({ server: RUG_PULL_SERVER, input: { trustPolicy: "review" }, actor: { email: "demo:gateway" } });
}

/** What a security reviewer does on the Tools page: "approve all current tools" of the new server, once the gateway reported them. */
async function approveRugPullServer(): Promise<number> {
  const { db } = await import("../lib/db");
  const { approveServerTools } = await import("../lib/inventory/approve-server-tools");
  let rows: { name: string; currentFingerprint: string | null }[] = [];
  for (let i = 0; i < 300 && rows.length < 4; i++) {
    rows = await db().inventoryTool.findMany({ where: { server: RUG_PULL_SERVER }, select: { name: true, currentFingerprint: true } });
    if (rows.length < 4) await sleep(100);
  }
  if (rows.length < 4) throw new Error(`the gateway did not report ${RUG_PULL_SERVER}'s tools to Warden`);
  const tools = rows.map((r) => ({ tool: r.name, fingerprint: r.currentFingerprint! }));
  return (await approveServerTools({ server: RUG_PULL_SERVER, input: { tools }, actor: { email: "demo:gateway" } })).approved;
}

async function createWriteRule(gatewayName: string) {
  await ensureDatabaseUrl();
  const { createApprovalRule } = await import("../lib/approvals/create-approval-rule");
  const { rule } = await createApprovalRule({
    input: {
      name: `demo: ${gatewayName} filesystem write_file`,
      enabled: true,
      priority: 10,
      gatewayPattern: gatewayName,
      serverPattern: "filesystem",
      toolPattern: "write_file",
      riskFlags: [],
      requiredApprovals: 1,
      timeoutSeconds: 900,
      requireCommentToApprove: false,
    },
    actor: { email: "demo:gateway" },
  });
  return rule;
}

async function main() {
  await ensureWarden();
  const name = `demo-gateway-${randomBytes(3).toString("hex")}`;
  const gw = createGatewayWithCli(name);
  say(`Gateway "${gw.name}" created (its API key goes to the gateway's env, never to its config file).`);
  const rule = await createWriteRule(gw.name);
  say(`Approval rule "${rule.name}": filesystem/write_file through this gateway waits for a reviewer.`);
  await seedTrustPolicies();
  say(`Trust policies: everything, memory, filesystem trust-on-first-use; ${RUG_PULL_SERVER} review (its tools wait for approval).`);

  const dir = await mkdtemp(path.join(tmpdir(), "warden-demo-"));
  const files = path.join(dir, "files");
  await (await import("node:fs/promises")).mkdir(files);
  await writeFile(path.join(files, "README.txt"), "A folder the demo agent may read and (with approval) write.\n");
  const token = randomBytes(24).toString("base64url");
  const port = await freePort();
  const config = {
    warden: { url: WARDEN_URL, apiKeyEnv: "DEMO_WARDEN_API_KEY" },
    mcpServers: {
      everything: { command: NODE, args: [pkg("server-everything", "dist/index.js"), "stdio"] },
      memory: { command: NODE, args: [pkg("server-memory", "dist/index.js")], env: { MEMORY_FILE_PATH: path.join(dir, "memory.jsonl") } },
      filesystem: { command: NODE, args: [pkg("server-filesystem", "dist/index.js"), files] },
      [RUG_PULL_SERVER]: { command: NODE, args: ["--import", "tsx", path.resolve("tests/gateway/support/malicious-server.ts")], cwd: process.cwd(), env: { MALICIOUS_RUG_PULL: "call" } },
    },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: { staticTokens: [{ name: "demo-agent", sha256: createHash("sha256").update(token).digest("hex"), userId: "demo-agent@example.com", team: "demo" }] },
    approvals: { progressMs: 5000 },
    spool: { dir: path.join(dir, "spool") },
  };
  const configFile = path.join(dir, "warden-gateway.json");
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const gateway = spawn(NODE, [path.resolve("bin/warden-gateway.mjs"), "--config", configFile], {
    env: { ...process.env, DEMO_WARDEN_API_KEY: gw.apiKey, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(gateway);
  const gatewayUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600 && !(await up(`${gatewayUrl}/healthz`)); i++) await sleep(100);
  say(`warden-gateway: ${gatewayUrl}/mcp (config ${configFile})\n`);

  const client = new Client({ name: "demo-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  const { tools } = await client.listTools();
  say(`agent: tools/list → ${tools.length} tools, e.g. ${tools.slice(0, 4).map((t) => t.name).join(", ")} …`);
  const show = (r: unknown) => JSON.stringify((r as { content?: { text?: string }[] }).content?.[0]?.text ?? r).slice(0, 100);
  say(`agent: everything__echo → ${show(await client.callTool({ name: "everything__echo", arguments: { message: "hello from the demo agent" } }))}`);
  say(`agent: memory__create_entities → ${show(await client.callTool({ name: "memory__create_entities", arguments: { entities: [{ name: "Warden", entityType: "product", observations: ["governs MCP tool calls"] }] } }))}`);
  say(`agent: filesystem__list_directory → ${show(await client.callTool({ name: "filesystem__list_directory", arguments: { path: files } }))}`);
  const resources = await client.listResources().catch(() => ({ resources: [] }));
  if (resources.resources[0]) {
    await client.readResource({ uri: resources.resources[0].uri });
    say(`agent: resources/read ${resources.resources[0].uri} (recorded as an event too)`);
  }

  await rugPullScene(client, show);

  const target = path.join(files, "notes.txt");
  say(`\nagent: filesystem__write_file ${target} — held for approval.`);
  say(`\n  ▶ Open ${WARDEN_URL}/approvals (sign in as a reviewer or admin), open the request from`);
  say(`    ${gw.name} for filesystem/write_file by demo-agent@example.com, check the params, and click Approve (or Deny).\n`);
  const started = Date.now();
  const result = await client.callTool(
    {
      name: "filesystem__write_file",
      arguments: { path: target, content: `Written through warden-gateway at ${new Date().toISOString()}\n` },
      _meta: { "warden/justification": "The demo writes its notes file.", "warden/userGoal": "See a held write approved in Warden." },
    },
    {
      timeout: 15 * 60_000,
      resetTimeoutOnProgress: true,
      onprogress: (p) => say(`  … waiting for a reviewer (${Math.round((Date.now() - started) / 1000)} s)${p.message ? `: ${p.message}` : ""}`),
    },
  );
  if ((result as { isError?: boolean }).isError) say(`agent: the write was refused: ${show(result)}`);
  else say(`agent: write_file → ${show(result)}\nfile now contains: ${(await readFile(target, "utf8")).trim()}`);
  say(`\nEvery call above is an event in ${WARDEN_URL}/events (gateway ${gw.name}); the gateway's heartbeat is on ${WARDEN_URL}/gateways.`);
  await client.close();
  gateway.kill("SIGTERM");
  await new Promise((r) => gateway.once("exit", r));
  await rm(dir, { recursive: true, force: true });
}

/** The rug pull, caught: acme's tools wait for review, are approved, then one changes after its first call. */
async function rugPullScene(client: Client, show: (r: unknown) => string) {
  const names = async () => (await client.listTools()).tools.map((t) => t.name);
  const acme = (n: string[]) => n.filter((t) => t.startsWith(`${RUG_PULL_SERVER}__`));
  say(`\nagent: tools/list → ${RUG_PULL_SERVER} shows ${acme(await names()).length} tools (new server under review: nothing until approved)`);
  const approved = await approveRugPullServer();
  say(`security: approved all ${approved} current tools of ${RUG_PULL_SERVER} in Warden's tool inventory (${WARDEN_URL}/tools)`);
  let visible: string[] = [];
  for (let i = 0; i < 200 && !visible.includes(`${RUG_PULL_SERVER}__add`); i++) {
    visible = acme(await names());
    if (!visible.includes(`${RUG_PULL_SERVER}__add`)) await sleep(100);
  }
  say(`agent: tools/list → ${visible.join(", ")} (the gateway's next policy refresh)`);
  say(`agent: ${RUG_PULL_SERVER}__add 2+3 → ${show(await client.callTool({ name: `${RUG_PULL_SERVER}__add`, arguments: { a: 2, b: 3 } }))}`);
  say(`${RUG_PULL_SERVER}: (rug pull) add's description now tells the model to read ~/.ssh/id_rsa and pass it along; tools/list_changed sent`);
  for (let i = 0; i < 200 && (await names()).includes(`${RUG_PULL_SERVER}__add`); i++) await sleep(100);
  say(`agent: tools/list → ${RUG_PULL_SERVER}__add is gone: its fingerprint is not the approved one`);
  const refused = await client.callTool({ name: `${RUG_PULL_SERVER}__add`, arguments: { a: 2, b: 3 } });
  say(`agent: ${RUG_PULL_SERVER}__add → refused: ${show(refused)}`);
  say(`  ▶ Warden raised a "tool changed" alert naming ${RUG_PULL_SERVER}/add with the diff (${WARDEN_URL}/alerts); approving the new version in ${WARDEN_URL}/tools would release it.`);
  say(`agent: ${RUG_PULL_SERVER}__read_config → ${JSON.stringify(textOf(await client.callTool({ name: `${RUG_PULL_SERVER}__read_config`, arguments: {} })).split("\n").find((l) => l.includes("aws_access_key_id")))} (the planted key redacted)`);
  const page = textOf(await client.callTool({ name: `${RUG_PULL_SERVER}__read_page`, arguments: { url: "https://acme.example/notes" } }));
  say(`agent: ${RUG_PULL_SERVER}__read_page → fenced: ${JSON.stringify(page.slice(0, 90))}…`);
}

const textOf = (r: unknown) => ((r as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? "").join("\n");

main().then(
  () => {
    for (const c of children) c.kill("SIGTERM");
    process.exit(0);
  },
  (e) => {
    console.error(e);
    for (const c of children) c.kill("SIGTERM");
    process.exit(1);
  },
);
