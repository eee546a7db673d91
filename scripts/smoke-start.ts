// Start-up smoke test, run by the test command under each supported Node line (Node 24 from
// scripts/install-node24.sh): starts server.ts with this very Node binary on a fresh embedded Postgres,
// checks that it serves its health check and sign-in page, then stops it with SIGTERM and checks that it
// exits 0 (its shutdown ran to the end) and left no Postgres behind. Needs a build (WARDEN_DIST_DIR).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "warden-smoke-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    TSX_TSCONFIG_PATH: "tsconfig.node.json",
    PORT: String(port),
    HOST: "127.0.0.1",
    WARDEN_DATA_DIR: dataDir,
    WARDEN_DEMO: "0",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL;
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const fail = async (why: string) => {
    if (child.exitCode === null) child.kill("SIGKILL");
    console.error(`smoke test under Node ${process.version} FAILED: ${why}\n--- server output ---\n${output.slice(-4000)}`);
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
    process.exit(1);
  };
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) return fail(`server exited with ${child.exitCode} during start`);
    if (Date.now() - started > 180_000) return fail("not healthy within 180 s");
    const ok = await fetch(`${base}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const login = await fetch(`${base}/login`);
  if (login.status !== 200) return fail(`/login answered ${login.status}`);
  const pgPid = Number.parseInt((await readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8")).split("\n")[0], 10);
  const readyMs = Date.now() - started;
  child.kill("SIGTERM");
  const code = await exited;
  if (code !== 0) return fail(`exit code ${code} after SIGTERM`);
  for (let i = 0; i < 100 && alive(pgPid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pgPid)) return fail(`Postgres (pid ${pgPid}) still running after the server exited`);
  await rm(dataDir, { recursive: true, force: true });
  console.log(`smoke test under Node ${process.version}: ready in ${(readyMs / 1000).toFixed(1)} s, /api/health and /login 200, SIGTERM → exit 0, Postgres stopped`);
}

void main();
